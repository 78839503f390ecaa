package io.celebaspark.report;

import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.RunRecord;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finished run with what the report needs of it: the compared scores (per label, on the
 * {@link MetricSource} split, at the final epoch), its validation accuracy at the final epoch (what the
 * target is derived from), its epochs for the curves and how often the controller acted.
 *
 * @param run       the runs table row
 * @param scores    per-label scores of the final model on the compared split, labels sorted
 * @param val       per-label scores on the validation split at the final epoch, labels sorted
 * @param epochs    the run's epochs, in order
 * @param decisions controller decision kind (BATCH_GROWN, LR_DECAYED, …) to how many times it was taken
 */
public record ScoredRun(RunRecord run, Evaluation scores, Evaluation val, List<EpochRecord> epochs,
                        Map<String, Long> decisions) {
    public ScoredRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(val, "val");
        epochs = List.copyOf(epochs);
        decisions = Map.copyOf(decisions);
    }

    /** Mean validation accuracy over labels at the final epoch. */
    public double finalValAccuracy() {
        return val.meanAccuracy();
    }

    /** The final model's scores on one label, by name. */
    public LabelMetrics label(String label) {
        return scores.labels().stream().filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + run.runId() + " has no label " + label));
    }
}
