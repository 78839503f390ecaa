package io.celebaspark.train.noise;

/**
 * One averaging round: each worker's batch and squared gradient norm, and the squared norm of the
 * example-weighted mean of the workers' gradients (the global batch's gradient).
 *
 * <p>All gradients are taken at the same parameters (the round's broadcast), which is what makes the
 * workers' gradients small-batch estimates and their mean a big-batch estimate of the same true gradient.
 *
 * @param workerBatches      examples in each worker's batch (at least 1 each; at least two workers)
 * @param workerSquaredNorms |g_i|² of each worker's gradient, in the same order
 * @param meanSquaredNorm    |Σ b_i g_i / Σ b_i|²
 */
public record RoundGradientNorms(long[] workerBatches, double[] workerSquaredNorms, double meanSquaredNorm) {
    public RoundGradientNorms {
        if (workerBatches.length != workerSquaredNorms.length) {
            throw new IllegalArgumentException(workerBatches.length + " worker batches but " + workerSquaredNorms.length
                    + " squared norms");
        }
        if (workerBatches.length < 2) {
            throw new IllegalArgumentException("a round needs at least two workers to compare one worker's gradient"
                    + " with the mean, got " + workerBatches.length);
        }
        for (int i = 0; i < workerBatches.length; i++) {
            if (workerBatches[i] < 1) {
                throw new IllegalArgumentException("worker " + i + " has a batch of " + workerBatches[i] + " examples");
            }
            if (!(workerSquaredNorms[i] >= 0) || Double.isInfinite(workerSquaredNorms[i])) {
                throw new IllegalArgumentException("worker " + i + " has squared gradient norm " + workerSquaredNorms[i]);
            }
        }
        if (!(meanSquaredNorm >= 0) || Double.isInfinite(meanSquaredNorm)) {
            throw new IllegalArgumentException("the mean gradient's squared norm is " + meanSquaredNorm);
        }
        workerBatches = workerBatches.clone();
        workerSquaredNorms = workerSquaredNorms.clone();
    }

    /** Examples in the round: the global batch. */
    public long examples() {
        long sum = 0;
        for (long b : workerBatches) {
            sum += b;
        }
        return sum;
    }

    /** True when every worker had the same batch (then the plain mean is the example-weighted one). */
    public boolean equalBatches() {
        for (long b : workerBatches) {
            if (b != workerBatches[0]) {
                return false;
            }
        }
        return true;
    }
}
