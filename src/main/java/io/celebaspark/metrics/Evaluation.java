package io.celebaspark.metrics;

import java.util.List;

/**
 * A model's scores on one split: the mean binary cross-entropy over examples and labels (the loss the
 * network minimises, and what the controller watches by default) and per-label metrics. The means over
 * labels are derived here, in one place, so every table and report averages the same way.
 *
 * @param split    {@code val} or {@code test}
 * @param examples examples evaluated
 * @param loss     mean binary cross-entropy per example and label
 * @param labels   one entry per configured label, in the model's output order
 */
public record Evaluation(String split, long examples, double loss, List<LabelMetrics> labels) {
    public Evaluation {
        labels = List.copyOf(labels);
    }

    /** Accuracy averaged over labels. */
    public double meanAccuracy() {
        return labels.stream().mapToDouble(LabelMetrics::accuracy).average().orElse(Double.NaN);
    }

    /** Balanced accuracy averaged over labels. */
    public double meanBalancedAccuracy() {
        return labels.stream().mapToDouble(LabelMetrics::balancedAccuracy).average().orElse(Double.NaN);
    }
}
