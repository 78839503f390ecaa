package io.celebaspark.train.noise;

/**
 * The unbiased estimators of McCandlish et al.'s Appendix A.1, generalised to unequal worker batches.
 *
 * <p>For a gradient averaged over b independent examples, E|g_b|² = |G|² + tr(Σ)/b. A round gives two
 * such quantities at the same parameters: the mean of the workers' squared norms L = (1/W) Σ|g_i|², with
 * E[L] = |G|² + tr(Σ)·h where h = (1/W) Σ 1/b_i, and the squared norm T of the example-weighted mean, with
 * E[T] = |G|² + tr(Σ)/B (B = Σ b_i). Solving the two equations gives estimates that are unbiased for every
 * round, whereas a ratio of them is not: that is why {@link #noiseScale} divides averages, never averages
 * ratios. With equal batches b they are exactly McCandlish's formulas with B_small = b and B_big = W·b, and
 * AdaptDL's {@code grad_sqr} and {@code grad_var} (which stores tr(Σ) divided by its initial batch).
 */
public final class NoiseScaleMath {
    /** tr(Σ) is clamped here when a noise scale is read, as AdaptDL clamps its variance. */
    static final double MIN_TRACE = 1e-12;

    private NoiseScaleMath() {
    }

    /** One round's unbiased estimates, and the examples they rest on. */
    public record RoundStatistics(double gradientSquaredNorm, double traceCovariance, long examples) {
    }

    /** The round's unbiased |G|² and tr(Σ). */
    public static RoundStatistics unbiased(RoundGradientNorms round) {
        int workers = round.workerBatches().length;
        double smallSquares = 0;
        double inverseBatch = 0;
        for (int i = 0; i < workers; i++) {
            smallSquares += round.workerSquaredNorms()[i];
            inverseBatch += 1.0 / round.workerBatches()[i];
        }
        smallSquares /= workers;
        inverseBatch /= workers;
        long examples = round.examples();
        double big = round.meanSquaredNorm();
        // h - 1/B > 0 for two or more workers: the mean of 1/b_i is at least W/B (harmonic <= arithmetic mean)
        double spread = inverseBatch - 1.0 / examples;
        return new RoundStatistics((big * inverseBatch - smallSquares / examples) / spread,
                (smallSquares - big) / spread, examples);
    }

    /**
     * B_noise = tr(Σ)/|G|² from (averaged) estimates: {@code +Infinity} when the |G|² estimate is not positive
     * (noise swamps the gradient, so no batch is too large), tr(Σ) clamped at a tiny positive value.
     */
    public static double noiseScale(double gradientSquaredNorm, double traceCovariance) {
        if (Double.isNaN(gradientSquaredNorm) || Double.isNaN(traceCovariance)) {
            return Double.NaN;
        }
        if (gradientSquaredNorm <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(traceCovariance, MIN_TRACE) / gradientSquaredNorm;
    }
}
