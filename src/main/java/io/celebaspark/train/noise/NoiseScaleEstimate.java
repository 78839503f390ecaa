package io.celebaspark.train.noise;

/**
 * An epoch's gradient noise scale. noiseScale = the EMA estimate B_noise = tr(Σ)/|G|² (examples);
 * pooledNoiseScale = the epoch's pooled estimate; standardError of the pooled estimate; rounds it rests on;
 * gradientSquaredNorm (|G|², unbiased) and traceCovariance (tr Σ, unbiased) of the EMA;
 * preconditionedNoiseScale = for Adam, B_noise of the preconditioned gradient, else null.
 *
 * <p>A noise scale is {@code +Infinity} when its |G|² estimate is not positive (the gradient is lost in the
 * noise: any batch still pays), and the standard error is NaN when the epoch has too few rounds for one.
 *
 * @param noiseScale               EMA(tr Σ) / EMA(|G|²), each EMA bias-corrected, over the horizon in examples
 * @param pooledNoiseScale         mean over the epoch's rounds of tr Σ over the mean of |G|²
 * @param standardError            batch-means standard error of {@code pooledNoiseScale}
 * @param rounds                   averaging rounds of the epoch the pooled estimate rests on
 * @param gradientSquaredNorm      the EMA of the unbiased |G|² estimates
 * @param traceCovariance          the EMA of the unbiased tr Σ estimates (per-example covariance, so in
 *                                 squared-gradient units times examples)
 * @param preconditionedNoiseScale the EMA noise scale of the gradient divided by Adam's preconditioner; null
 *                                 for optimisers without one
 */
public record NoiseScaleEstimate(double noiseScale, double pooledNoiseScale, double standardError, int rounds,
                                 double gradientSquaredNorm, double traceCovariance,
                                 Double preconditionedNoiseScale) {}
