package io.celebaspark.train;

import io.celebaspark.app.AppConfig;
import io.celebaspark.cost.EpochCost;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.spark.ExecutorCostMeter;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.control.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's cost columns and executor events in local[2], where the one executor is the driver's with two cores:
 * the meter saw it although it registered before the context was up, every epoch holds two cores for at least
 * its own seconds and at most the run's, its tasks kept them busy for part of that, and a request for executors
 * becomes the run's events. Bounds only: nothing here depends on how fast the machine is.
 */
class RunCostTest extends SharedSparkSession {
    @TempDir
    Path work;

    @Test
    void everyEpochIsMetered() throws IOException {
        Path data = SyntheticTensors.data(spark(), 300, 32);
        AppConfig config = AppConfig.load(null, Map.of("train.batch-per-worker", "32", "train.workers", "2",
                "train.eval-batch", "256", "train.epochs", "2", "schedule.kind", "constant"));
        long before = System.nanoTime();
        TrainJob.run(spark(), new TrainRequest(data.toString(), work.resolve("metrics").toString(),
                work.resolve("runs").toString(), "metered", null, config.train(), config.resolvedJson(),
                List.of(), line -> { }));
        double outer = (System.nanoTime() - before) / 1e9;

        MetricsStore store = MetricsStore.open(spark(), work.resolve("metrics").toString());
        List<EpochRecord> epochs = store.epochs("metered");
        assertEquals(2, epochs.size());
        double held = 0;
        long previousUpdates = 0;
        for (EpochRecord e : epochs) {
            EpochCost cost = e.cost();
            assertNotNull(cost, "epoch " + e.epoch() + " metered");
            System.out.println("metered epoch " + e.epoch() + ": " + e.epochSeconds() + " s, " + cost);
            assertEquals(1, cost.executorsMax(), "local mode: the driver's executor");
            assertEquals(1.0, cost.executorsMean(), 1e-9);
            // the epoch's window holds its own seconds (ms clock against ns clock: 20 ms of slack)
            assertTrue(cost.heldCoreSeconds() >= 2 * (e.epochSeconds() - 0.02), e.epoch() + ": " + cost + " vs "
                    + e.epochSeconds() + " s");
            assertTrue(cost.busyCoreSeconds() > 0, e.epoch() + ": " + cost);
            assertTrue(cost.busyCoreSeconds() <= cost.heldCoreSeconds(), e.epoch() + ": " + cost);
            assertNotNull(cost.rounds());
            assertEquals(e.updates() - previousUpdates, cost.rounds().rounds(),
                    "averaging frequency 1: one update per worker per round");
            assertTrue(cost.rounds().medianSeconds() > 0 && cost.rounds().medianSeconds() < e.epochSeconds());
            held += cost.heldCoreSeconds();
            previousUpdates = e.updates();
        }
        assertTrue(held <= 2 * outer, "the windows lie within the run: " + held + " core-s in " + outer + " s");

        assertTrue(store.events("metered").stream().noneMatch(ev -> ev.kind().startsWith("EXECUTOR")),
                "the driver's executor registered before the run: no EXECUTOR_ADDED of it");
    }
}
