package io.celebaspark.metrics;

/**
 * How well one label is predicted on one split, at the 0.5 threshold (AUC is threshold-free). Balanced
 * accuracy sits beside accuracy because CelebA's attributes are unbalanced: Eyeglasses is ~6% positive, so
 * always answering "no" scores ~94% accuracy but only 50% balanced accuracy.
 *
 * <p>A rate whose denominator is zero (precision with no positive prediction, recall with no positive
 * example, AUC with one class only) is {@code NaN}, never a made-up 0 or 1.
 *
 * @param label            the CelebA attribute name
 * @param examples         examples evaluated
 * @param positives        examples whose true label is positive
 * @param accuracy         (TP + TN) / examples
 * @param balancedAccuracy (recall + specificity) / 2
 * @param precision        TP / (TP + FP)
 * @param recall           TP / (TP + FN)
 * @param f1               harmonic mean of precision and recall
 * @param auc              area under the ROC curve (ties count one half)
 */
public record LabelMetrics(String label, long examples, long positives, double accuracy, double balancedAccuracy,
                           double precision, double recall, double f1, double auc) {
}
