package io.celebaspark.train.noise;

/**
 * McCandlish et al.'s trade-off between steps and examples ("An Empirical Model of Large-Batch Training", 2018,
 * eq. 2.11): to make a given progress at global batch B a run needs {@code S = S_min (1 + B_noise/B)} optimizer
 * steps and {@code E = E_min (1 + B/B_noise)} examples, where S_min is what an infinitely large batch would need
 * and E_min = S_min·B_noise what batch 1 would (E = S·B). One step at B therefore makes
 * {@code 1 / (1 + B_noise/B)} of a minimal step: the unit in which the cost model counts progress, so that
 * schedules at different batches can be set against each other. A negative B_noise (a noisy estimate of a small one) counts as 0, as in {@link EffectiveUpdates}.
 */
public final class LargeBatchTradeoff {
    private LargeBatchTradeoff() {
    }

    /** S / S_min = 1 + B_noise/B: steps at batch B per minimal step; +Infinity when B_noise is infinite. */
    public static double stepsFactor(double globalBatch, double noiseScale) {
        requireKnown(globalBatch, noiseScale);
        return 1 + Math.max(noiseScale, 0) / globalBatch;
    }

    /** Progress of {@code steps} steps at batch B, in minimal steps (S_min-equivalent steps). */
    public static double minimalSteps(double steps, double globalBatch, double noiseScale) {
        return steps / stepsFactor(globalBatch, noiseScale);
    }

    private static void requireKnown(double globalBatch, double noiseScale) {
        if (!(globalBatch > 0) || Double.isInfinite(globalBatch) || Double.isNaN(noiseScale)) {
            throw new IllegalArgumentException("the large-batch trade-off needs a positive global batch and a known"
                    + " noise scale, got B = " + globalBatch + ", B_noise = " + noiseScale);
        }
    }
}
