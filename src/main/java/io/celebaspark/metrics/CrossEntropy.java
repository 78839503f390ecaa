package io.celebaspark.metrics;

/**
 * Binary cross-entropy in natural-log units, the loss every network here minimises (DL4J's XENT), with the
 * probability clipped to [{@value #EPSILON}, 1 − {@value #EPSILON}] so that one confidently wrong example
 * costs a large finite amount (−ln 1e-7 ≈ 16.1) instead of making a whole evaluation infinite. The
 * evaluator and the majority baseline both use it, so a model and its baseline are scored alike.
 */
public final class CrossEntropy {
    /** Probabilities are clipped this far from 0 and 1. */
    public static final double EPSILON = 1e-7;

    private CrossEntropy() {
    }

    /** Loss of predicting {@code probability} for one example whose true label is {@code positive}. */
    public static double of(double probability, boolean positive) {
        double p = clip(probability);
        return positive ? -Math.log(p) : -Math.log1p(-p);
    }

    /**
     * Mean loss of predicting {@code probability} for every example of a population whose fraction
     * {@code positiveRate} is positive: {@code −(q ln p + (1 − q) ln(1 − p))}.
     */
    public static double expected(double probability, double positiveRate) {
        if (!(positiveRate >= 0 && positiveRate <= 1)) {
            throw new IllegalArgumentException("a positive rate is in [0, 1], got " + positiveRate);
        }
        double p = clip(probability);
        return -(positiveRate * Math.log(p) + (1 - positiveRate) * Math.log1p(-p));
    }

    static double clip(double probability) {
        if (Double.isNaN(probability)) {
            throw new IllegalArgumentException("probability is NaN: the network diverged");
        }
        return Math.min(1 - EPSILON, Math.max(EPSILON, probability));
    }
}
