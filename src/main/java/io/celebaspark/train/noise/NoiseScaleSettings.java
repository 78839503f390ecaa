package io.celebaspark.train.noise;

import io.celebaspark.config.ConfigReader;

/**
 * How the noise scale is smoothed ({@code train.noise-scale.*} in reference.conf).
 *
 * @param emaHorizonExamples the moving average's horizon in training examples: each round decays the past by
 *                           exp(−round's examples / horizon), so the horizon means the same at any batch; 0 =
 *                           half an epoch of the run's training examples
 */
public record NoiseScaleSettings(long emaHorizonExamples) {
    public static final String HORIZON_KEY = "train.noise-scale.ema-horizon-examples";

    public NoiseScaleSettings {
        if (emaHorizonExamples < 0) {
            throw new IllegalArgumentException(HORIZON_KEY + " must be at least 0 (0 = half an epoch), got "
                    + emaHorizonExamples);
        }
    }

    public static NoiseScaleSettings from(ConfigReader r) {
        return new NoiseScaleSettings(r.longIn(HORIZON_KEY, 0, Long.MAX_VALUE));
    }

    /** The horizon in examples for a run on {@code trainExamples} training examples. */
    public long horizonFor(long trainExamples) {
        return emaHorizonExamples > 0 ? emaHorizonExamples : Math.max(1, trainExamples / 2);
    }
}
