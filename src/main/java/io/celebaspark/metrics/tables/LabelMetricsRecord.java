package io.celebaspark.metrics.tables;

import io.celebaspark.metrics.LabelMetrics;

import java.util.Objects;

/**
 * One row of the {@code label_metrics} table (docs/architecture.md): how a run's model scored on one label of one
 * split at the end of one epoch ({@code val} every epoch, {@code test} for the final and best models).
 *
 * @param runId   the run
 * @param epoch   the epoch whose model was scored
 * @param split   {@code val} or {@code test}
 * @param metrics the label's scores, with the split's example and positive counts
 */
public record LabelMetricsRecord(String runId, int epoch, String split, LabelMetrics metrics) {
    public LabelMetricsRecord {
        MetricsSchemas.requireRunId(runId);
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metrics, "metrics");
    }
}
