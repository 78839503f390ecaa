package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

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
}
