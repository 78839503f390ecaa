package io.celebaspark.train.noise;

import java.util.List;

/**
 * AdaptDL's scale-invariant progress: how many updates at the initial global batch B0 a run's updates are
 * worth. An update at batch B averages B per-example gradients; McCandlish et al.'s model says it makes as much
 * progress as {@link #gain} updates at B0, which is B/B0 while the gradient noise dominates (B &lt;&lt; B_noise: a
 * larger batch is a proportionally better step) and 1 once the batch exceeds it by far (B &gt;&gt; B_noise: more
 * examples per step no longer help). Counting these instead of raw updates compares arms that run at different
 * batches on one axis: a batch-growth arm whose updates still pay shows as many effective updates as the small
 * batch would have needed.
 */
public final class EffectiveUpdates {
    private EffectiveUpdates() {
    }

    /**
     * One epoch of a run, as the effective updates need it.
     *
     * @param updates     parameter updates made in the epoch (not cumulative)
     * @param globalBatch the epoch's global batch B
     * @param noiseScale  the epoch's gradient noise scale B_noise in examples; NaN when none was measured
     */
    public record Epoch(long updates, long globalBatch, double noiseScale) {
    }

    /**
     * The progress one update at {@code globalBatch} B makes, in updates at {@code initialBatch} B0:
     * {@code (1 + B_noise/B0) / (1 + B_noise/B)}, AdaptDL's {@code gain(B/B0) = (var + sqr)/(var/scale + sqr)}
     * with {@code var/sqr = B_noise/B0}. A negative B_noise (a noisy estimate of a tiny one) counts as 0, an
     * infinite one gives B/B0; NaN (no estimate) gives NaN.
     */
    public static double gain(double globalBatch, double initialBatch, double noiseScale) {
        if (!(globalBatch > 0) || !(initialBatch > 0)) {
            throw new IllegalArgumentException("batches must be positive, got B = " + globalBatch + ", B0 = "
                    + initialBatch);
        }
        if (noiseScale == Double.POSITIVE_INFINITY) {
            return globalBatch / initialBatch;
        }
        if (Double.isNaN(noiseScale)) {
            return Double.NaN;
        }
        return LargeBatchTradeoff.stepsFactor(initialBatch, noiseScale)
                / LargeBatchTradeoff.stepsFactor(globalBatch, noiseScale);
    }

    /**
     * Cumulative effective updates at the end of each epoch: the sum over epochs so far of
     * {@code updates · gain(B, B0, B_noise)}, with B0 the first epoch's global batch. NaN from the first epoch
     * without a noise scale on (a missing estimate cannot be guessed, and a sum without it would understate).
     */
    public static double[] cumulative(List<Epoch> epochs) {
        double[] total = new double[epochs.size()];
        double sum = 0;
        for (int i = 0; i < epochs.size(); i++) {
            Epoch e = epochs.get(i);
            sum += e.updates() * gain(e.globalBatch(), epochs.get(0).globalBatch(), e.noiseScale());
            total[i] = sum;
        }
        return total;
    }
}
