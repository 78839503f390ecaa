package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TaskThreadsTest {
    @Test
    void localMastersRunTheirTaskThreadsInTheDriver() {
        assertEquals(1, TaskThreads.localTaskThreads("local", 8));
        assertEquals(2, TaskThreads.localTaskThreads("local[2]", 8));
        assertEquals(8, TaskThreads.localTaskThreads("local[*]", 8));
        assertEquals(3, TaskThreads.localTaskThreads("local[3, 4]", 8));
        assertEquals(8, TaskThreads.localTaskThreads("local[*,2]", 8));
        assertEquals(0, TaskThreads.localTaskThreads("local-cluster[2,1,1024]", 8));
        assertEquals(0, TaskThreads.localTaskThreads("spark://127.0.0.1:7077", 8));
        assertEquals(0, TaskThreads.localTaskThreads("yarn", 8));
    }

    @Test
    void severalLocalTaskThreadsShareTheCores() {
        assertEquals(1, TaskThreads.threadsPerTask("local[2]", 2, null));
        assertEquals(1, TaskThreads.threadsPerTask("local[*]", 8, null));
        assertEquals(4, TaskThreads.threadsPerTask("local[2]", 8, null));
        assertEquals(2, TaskThreads.threadsPerTask("local[3]", 8, ""));
        assertEquals(1, TaskThreads.threadsPerTask("local[4]", 2, null), "at least one thread");
    }

    @Test
    void aSingleTaskThreadAClusterOrTheUsersSettingIsLeftAlone() {
        assertEquals(0, TaskThreads.threadsPerTask("local", 8, null));
        assertEquals(0, TaskThreads.threadsPerTask("local[1]", 8, null));
        assertEquals(0, TaskThreads.threadsPerTask("local[2]", 8, "2"));
        assertEquals(0, TaskThreads.threadsPerTask("spark://127.0.0.1:7077", 8, null));
    }

    @Test
    void clusterExecutorsGetOneOpenMpThreadPerTaskCoreUnlessSet() {
        SparkConf cluster = TaskThreads.withTaskThreads(new SparkConf(false).setMaster("spark://h:7077"));
        assertEquals("1", cluster.get(TaskThreads.EXECUTOR_OMP));
        SparkConf twoCpus = TaskThreads.withTaskThreads(new SparkConf(false).setMaster("yarn")
                .set("spark.task.cpus", "2"));
        assertEquals("2", twoCpus.get(TaskThreads.EXECUTOR_OMP));
        SparkConf chosen = TaskThreads.withTaskThreads(new SparkConf(false).setMaster("spark://h:7077")
                .set(TaskThreads.EXECUTOR_OMP, "4"));
        assertEquals("4", chosen.get(TaskThreads.EXECUTOR_OMP));
        SparkConf local = TaskThreads.withTaskThreads(new SparkConf(false).setMaster("local[2]"));
        assertFalse(local.contains(TaskThreads.EXECUTOR_OMP));
    }

    @Test
    void theTeamIsSetForTheCallingThreadOnly() throws InterruptedException {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger task = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        run(() -> {
            before.set(ops.ompGetMaxThreads());
            TaskThreads.useOnThisThread(1);
            task.set(ops.ompGetMaxThreads());
        });
        run(() -> other.set(ops.ompGetMaxThreads()));
        assertEquals(1, task.get());
        assertEquals(before.get(), other.get(), "another thread keeps the process's default");
        run(() -> {
            TaskThreads.useOnThisThread(0);
            task.set(ops.ompGetMaxThreads());
        });
        assertEquals(before.get(), task.get(), "0 leaves the thread alone");
    }

    private static void run(Runnable r) throws InterruptedException {
        Thread t = new Thread(r);
        t.start();
        t.join();
    }
}
