/**
 * The gradient noise scale B_noise = tr(Σ)/|G|² (McCandlish et al. 2018, "An Empirical Model of Large-Batch
 * Training"), estimated from what a parameter-averaging round gives for free: W workers' gradients at the same
 * parameters (small batches) and their mean (the global batch). Unbiased per-round |G|² and tr(Σ) for unequal
 * worker batches ({@link NoiseScaleMath}), an epoch's pooled estimate with a batch-means standard error
 * ({@link EpochPool}), an exponential moving average over a horizon in examples ({@link BiasCorrectedEma}) whose
 * state goes into the checkpoint ({@link NoiseScaleMeter#saveState()}), and the settings ({@link NoiseScaleSettings}); and the math built on the estimate
 * (AdaptDL's scale-invariant progress, {@link EffectiveUpdates}) for the schedules and the report.
 *
 * <p>Pure core: may depend on {@code config} (to read its settings); never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}). The per-worker norms are measured in {@code train.spark}.
 */
package io.celebaspark.train.noise;
