package io.celebaspark.spark;

import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskTeamSparkTest extends SharedSparkSession {
    @Test
    void everyTaskOfALocalMasterRunsItsShareOfTheProcessTeam() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        int expected = TaskThreads.taskTeam(TaskThreads.processTeam(), "local[2]",
                Runtime.getRuntime().availableProcessors());
        List<Integer> teams = sc.parallelize(List.of(1, 2, 3, 4), 4).map(i -> {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(7); // what a pooled thread was left with
            TaskThreads.useTaskTeam();
            return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        }).collect();
        assertEquals(List.of(expected, expected, expected, expected), teams);
        assertEquals(Math.max(1, TaskThreads.processTeam() / 2), expected, "local[2] halves the team");
    }
}
