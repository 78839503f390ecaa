package io.celebaspark.testing;

import io.celebaspark.cost.EpochCost;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;

import java.time.Instant;
import java.util.List;

/**
 * Metrics records as a trainer would write them, for tests of the tables, the {@code sql} command and its
 * script, which must not wait for a real training run. Timestamps are whole microseconds (Spark's
 * resolution) so that they round-trip exactly.
 */
public final class MetricsFixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

    private MetricsFixtures() {
    }

    public static RunRecord run(String runId, String schedule, RunStatus status) {
        return run(runId, schedule, status, "{\"schedule\":{\"kind\":\"" + schedule + "\"}}");
    }

    /** A run recorded with this resolved configuration (JSON). */
    public static RunRecord run(String runId, String schedule, RunStatus status, String config) {
        return new RunRecord(runId, "smoke", schedule, "alpha=2", schedule, 2.0, "adam", 7L, status, T0, null, "local[2]", 2,
                config, "0.1.0-SNAPSHOT+abc1234", "f".repeat(64), null, null, null, null, null, null, null, null, null, null);
    }

    public static EpochRecord epoch(String runId, int epoch, double valLoss) {
        return new EpochRecord(runId, epoch, 128L * epoch, 64 * epoch, 2, 1e-3, 100L * epoch, 4560L * epoch,
                valLoss + 0.05, valLoss, 0.9, 0.85, 20.5, 222.4, T0.plusSeconds(60L * epoch));
    }

    /** The epoch as if it had been metered at this cost. */
    public static EpochRecord withCost(EpochRecord e, EpochCost cost) {
        return new EpochRecord(e.runId(), e.epoch(), e.globalBatch(), e.batchPerWorker(), e.workers(), e.learningRate(),
                e.updates(), e.examplesSeen(), e.trainLoss(), e.valLoss(), e.valAccMean(), e.valBalancedAccMean(),
                e.epochSeconds(), e.examplesPerSecond(), e.at(), cost);
    }

    public static Evaluation evaluation(String split, double accuracy) {
        return new Evaluation(split, 780, 0.1, List.of(
                new LabelMetrics("Male", 780, 330, accuracy, accuracy - 0.01, 0.95, 0.94, 0.945, 0.99),
                new LabelMetrics("Eyeglasses", 780, 47, accuracy + 0.02, 0.85, 0.8, Double.NaN, 0.7, 0.98)));
    }

    public static EventRecord event(String runId, int epoch, String kind, Double oldValue, Double newValue) {
        return new EventRecord(runId, epoch, kind, oldValue, newValue, kind + " at epoch " + epoch,
                T0.plusSeconds(60L * epoch + 1));
    }

    /**
     * Two small runs under {@code root}: {@code r-growth} (batch-growth, 3 epochs, best val loss at epoch 2,
     * a plateau and a batch growth after epoch 2, finished with test metrics) and {@code r-decay}
     * (lr-decay, 2 epochs, still running).
     */
    public static void writeTwoRuns(MetricsStore store) {
        store.saveRun(run("r-growth", "batch-growth", RunStatus.RUNNING));
        double[] growthLoss = {0.30, 0.20, 0.25};
        for (int e = 1; e <= 3; e++) {
            List<EventRecord> decisions = e == 2 ? List.of(event("r-growth", 2, "PLATEAU", 0.2, 0.2),
                    event("r-growth", 2, "BATCH_GROWN", 128.0, 256.0)) : List.of();
            store.recordEpoch(epoch("r-growth", e, growthLoss[e - 1]), evaluation("val", 0.9), decisions);
        }
        store.recordEvaluation("r-growth", 3, evaluation("test", 0.88));
        store.saveRun(run("r-growth", "batch-growth", RunStatus.RUNNING)
                .withStatus(RunStatus.FINISHED, T0.plusSeconds(600), null));
        store.saveRun(run("r-decay", "lr-decay", RunStatus.RUNNING));
        store.recordEpoch(epoch("r-decay", 1, 0.31), evaluation("val", 0.89), List.of());
        store.recordEpoch(epoch("r-decay", 2, 0.27), evaluation("val", 0.9),
                List.of(event("r-decay", 2, "LR_DECAYED", 1e-3, 5e-4)));
    }
}
