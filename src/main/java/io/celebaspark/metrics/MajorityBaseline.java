package io.celebaspark.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model scores without looking at the image: for each label it predicts the label's training
 * positive rate (the best constant under cross-entropy) and so answers the majority class at the 0.5
 * threshold. A trained model has to beat it; on CelebA the accuracy bar is high (Eyeglasses ~94%), which is
 * why the loss and balanced accuracy (always 0.5 for a constant answer) are reported beside it.
 *
 * @param loss             mean {@link CrossEntropy} over labels on the evaluated split
 * @param accuracyByLabel  accuracy of the constant answer on the evaluated split, in label order
 */
public record MajorityBaseline(double loss, Map<String, Double> accuracyByLabel) {

    public MajorityBaseline {
        accuracyByLabel = Collections.unmodifiableMap(new LinkedHashMap<>(accuracyByLabel));
    }

    /**
     * @param trainRates positive rate of each label on the training split (what the baseline predicts)
     * @param evalRates  positive rate of each label on the split it is scored on (the same map to score
     *                   it on the training data)
     * @param labels     labels to score, in output order
     */
    public static MajorityBaseline of(Map<String, Double> trainRates, Map<String, Double> evalRates,
                                      List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one label");
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        double loss = 0;
        for (String label : labels) {
            double p = rate(trainRates, label, "training");
            double q = rate(evalRates, label, "evaluated");
            loss += CrossEntropy.expected(p, q);
            accuracy.put(label, p >= BinaryClassificationMetrics.THRESHOLD ? q : 1 - q);
        }
        return new MajorityBaseline(loss / labels.size(), accuracy);
    }

    /** Accuracy averaged over labels, comparable to {@link Evaluation#meanAccuracy()}. */
    public double meanAccuracy() {
        return accuracyByLabel.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double rate(Map<String, Double> rates, String label, String which) {
        Double rate = rates.get(label);
        if (rate == null || !(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("no valid " + which + " positive rate for label '" + label + "' (got "
                    + rate + "); rates are known for " + rates.keySet());
        }
        return rate;
    }
}
