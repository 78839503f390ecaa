package io.celebaspark.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metric math behind {@link LabelMetrics} and {@link Evaluation}, from per-example probabilities and true
 * labels: pure, so the distributed evaluator, tests and any later re-scoring compute identical numbers.
 *
 * <p>An example is predicted positive when its probability is at least {@value #THRESHOLD}. AUC is exact:
 * the Mann–Whitney statistic from ranks, tied probabilities sharing their mean rank (so a positive and a
 * negative with the same score count one half), O(n log n).
 */
public final class BinaryClassificationMetrics {
    /** Probability at or above which an example counts as predicted positive. */
    public static final double THRESHOLD = 0.5;

    private BinaryClassificationMetrics() {
    }

    /**
     * Metrics of one label.
     *
     * @param probabilities predicted probability of the label, one per example
     * @param truth         true label, one per example, in the same order
     */
    public static LabelMetrics of(String label, double[] probabilities, boolean[] truth) {
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException(label + ": " + probabilities.length + " probabilities but "
                    + truth.length + " true labels");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean predicted = probabilities[i] >= THRESHOLD;
            if (truth[i] && predicted) {
                tp++;
            } else if (truth[i]) {
                fn++;
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
        }
        long n = truth.length;
        double recall = ratio(tp, tp + fn);
        double specificity = ratio(tn, tn + fp);
        double precision = ratio(tp, tp + fp);
        // 2TP / (2TP + FP + FN): the harmonic mean, also when precision and recall are both 0.
        double f1 = Double.isNaN(precision) || Double.isNaN(recall) ? Double.NaN : ratio(2 * tp, 2 * tp + fp + fn);
        return new LabelMetrics(label, n, tp + fn, ratio(tp + tn, n), (recall + specificity) / 2, precision, recall,
                f1, auc(probabilities, truth));
    }

    /**
     * A whole split's evaluation: loss is the mean {@link CrossEntropy} over examples and labels.
     *
     * @param probabilities example-major, {@code probabilities[i * labels.size() + j]} for example i, label j
     * @param truth         in the same layout
     */
    public static Evaluation evaluate(String split, List<String> labels, double[] probabilities, boolean[] truth) {
        int k = labels.size();
        if (k == 0 || probabilities.length != truth.length || probabilities.length % k != 0) {
            throw new IllegalArgumentException("need examples x " + k + " labels of probabilities and truth, got "
                    + probabilities.length + " and " + truth.length);
        }
        int n = probabilities.length / k;
        double loss = 0;
        for (int i = 0; i < probabilities.length; i++) {
            loss += CrossEntropy.of(probabilities[i], truth[i]);
        }
        List<LabelMetrics> metrics = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            double[] p = new double[n];
            boolean[] t = new boolean[n];
            for (int i = 0; i < n; i++) {
                p[i] = probabilities[i * k + j];
                t[i] = truth[i * k + j];
            }
            metrics.add(of(labels.get(j), p, t));
        }
        return new Evaluation(split, n, n == 0 ? Double.NaN : loss / probabilities.length, metrics);
    }

    /** Exact ROC AUC by mid-ranks; NaN when only one class is present. */
    static double auc(double[] probabilities, boolean[] truth) {
        int n = probabilities.length;
        long positives = 0;
        for (boolean t : truth) {
            positives += t ? 1 : 0;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probabilities[a], probabilities[b]));
        double positiveRankSum = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && probabilities[order[end + 1]] == probabilities[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int i = start; i <= end; i++) {
                if (truth[order[i]]) {
                    positiveRankSum += midRank;
                }
            }
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
