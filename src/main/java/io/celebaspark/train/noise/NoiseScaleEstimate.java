package io.celebaspark.train.noise;

/** An epoch's gradient noise scale. noiseScale = the EMA estimate B_noise = tr(Σ)/|G|² (examples);
 *  pooledNoiseScale = the epoch's pooled estimate; standardError of the pooled estimate; rounds it rests on;
 *  gradientSquaredNorm (|G|², unbiased) and traceCovariance (tr Σ, unbiased) of the EMA;
 *  preconditionedNoiseScale = for Adam, B_noise of the preconditioned gradient, else null. */
public record NoiseScaleEstimate(double noiseScale, double pooledNoiseScale, double standardError, int rounds,
                                 double gradientSquaredNorm, double traceCovariance,
                                 Double preconditionedNoiseScale) {}
