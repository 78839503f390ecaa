package io.celebaspark.spark;

import io.celebaspark.cost.HeldTime;
import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost meter in the shared local[2] session: it saw the driver's executor and counts runs' tasks apart. */
class ExecutorCostMeterTest extends SharedSparkSession {
    private static final long TASK_MILLIS = 100;

    @Test
    void registeringKeepsTheLaunchersListenersAndHappensOnce() {
        String name = ExecutorCostMeter.class.getName();
        assertEquals(name, ExecutorCostMeter.register(new SparkConf()).get(ExecutorCostMeter.EXTRA_LISTENERS));
        SparkConf conf = new SparkConf().set(ExecutorCostMeter.EXTRA_LISTENERS, "com.example.Mine");
        ExecutorCostMeter.register(ExecutorCostMeter.register(conf));
        assertEquals("com.example.Mine," + name, conf.get(ExecutorCostMeter.EXTRA_LISTENERS));
    }

    @Test
    void theLocalExecutorRegisteredBeforeTheContextWasUpIsCountedWithItsCores() {
        ExecutorCostMeter meter = ExecutorCostMeter.of(spark().sparkContext()).orElseThrow();
        long now = System.currentTimeMillis();
        HeldTime second = meter.ledger().held("nobody", now, now + 1_000);
        assertEquals(1, second.executorsMax());
        assertEquals(2.0, second.coreSeconds(), 1e-9, "local[2]: the driver's executor with 2 cores");
    }

    @Test
    void tasksCountForTheRunWhoseThreadSubmittedThem() throws Exception {
        SparkContext sc = spark().sparkContext();
        ExecutorCostMeter meter = ExecutorCostMeter.of(sc).orElseThrow();
        String a = "meter-test-a-" + System.nanoTime();
        String b = "meter-test-b-" + System.nanoTime();
        Thread runA = jobThread(sc, a, 4);
        Thread runB = jobThread(sc, b, 2);
        runA.start();
        runB.start();
        runA.join(TimeUnit.MINUTES.toMillis(5));
        runB.join(TimeUnit.MINUTES.toMillis(5));
        // the listener hears of the tasks a moment after the jobs end
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while ((meter.ledger().busyCoreMillis(a) < 4 * TASK_MILLIS || meter.ledger().busyCoreMillis(b) < 2 * TASK_MILLIS)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(meter.ledger().busyCoreMillis(a) >= 4 * TASK_MILLIS, "a: " + meter.ledger().busyCoreMillis(a));
        assertTrue(meter.ledger().busyCoreMillis(b) >= 2 * TASK_MILLIS, "b: " + meter.ledger().busyCoreMillis(b));
        assertEquals(null, sc.getLocalProperty(ExecutorCostMeter.RUN_PROPERTY), "this thread names no run");
    }

    /** A thread that, as run {@code run}, runs one job of {@code tasks} tasks of at least TASK_MILLIS each. */
    private static Thread jobThread(SparkContext sc, String run, int tasks) {
        return new Thread(() -> {
            sc.setLocalProperty(ExecutorCostMeter.RUN_PROPERTY, run);
            List<Integer> items = java.util.stream.IntStream.range(0, tasks).boxed().toList();
            JavaSparkContext.fromSparkContext(sc).parallelize(items, tasks).map(i -> {
                Thread.sleep(TASK_MILLIS);
                return i;
            }).count();
        }, run);
    }
}
