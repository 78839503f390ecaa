package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskThreadsTest {
    @Test
    void localMastersRunTheirTasksInTheDriver() {
        for (String local : new String[]{"local", "local[2]", "local[*]", "local[3, 4]", "local[*,2]"}) {
            assertTrue(TaskThreads.isLocal(local), local);
        }
        for (String cluster : new String[]{"local-cluster[2,1,1024]", "spark://h:7077", "yarn", "k8s://h:443"}) {
            assertFalse(TaskThreads.isLocal(cluster), cluster);
        }
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
    void localTaskSlotsSplitTheProcessTeamAndClusterTasksKeepIt() {
        assertEquals(1, TaskThreads.taskTeam(2, "local[2]", 2), "two slots on two cores: one thread each");
        assertEquals(2, TaskThreads.taskTeam(4, "local[2]", 4));
        assertEquals(1, TaskThreads.taskTeam(2, "local[*]", 2));
        assertEquals(4, TaskThreads.taskTeam(4, "local", 4), "one slot keeps the whole team");
        assertEquals(1, TaskThreads.taskTeam(2, "local[8]", 2), "never below one thread");
        assertEquals(2, TaskThreads.taskTeam(4, "local[2, 3]", 4), "task failures allowed do not count");
        assertEquals(1, TaskThreads.taskTeam(1, "spark://h:7077", 16), "a cluster executor's team is its own");
        assertEquals(3, TaskThreads.taskTeam(3, "yarn", 16));
        assertEquals(2, TaskThreads.localSlots("local[2]", 8));
        assertEquals(8, TaskThreads.localSlots("local[*]", 8));
        assertEquals(1, TaskThreads.localSlots("local", 8));
    }

    @Test
    void theLogSaysTheTeam() {
        assertTrue(TaskThreads.describe("local[1]").startsWith("OpenMP team per task " + TaskThreads.processTeam()),
                TaskThreads.describe("local[1]"));
        assertEquals("OpenMP team per task: the executors' OMP_NUM_THREADS", TaskThreads.describe("yarn"));
    }

    @Test
    void aThreadLeftWithAnotherTeamGetsTheTeamOfAFreshThread() throws InterruptedException {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int[] fresh = new int[1];
        Thread thread = new Thread(() -> fresh[0] = ops.ompGetMaxThreads());
        thread.start();
        thread.join();
        assertEquals(fresh[0], TaskThreads.processTeam(), "libgomp's default for a thread nothing changed");
        int before = ops.ompGetMaxThreads();
        try {
            ops.setOmpNumThreads(TaskThreads.processTeam() + 3);
            TaskThreads.useTaskTeam();
            assertEquals(TaskThreads.processTeam(), ops.ompGetMaxThreads(), "outside a Spark task: the process team");
        } finally {
            ops.setOmpNumThreads(before);
        }
    }
}
