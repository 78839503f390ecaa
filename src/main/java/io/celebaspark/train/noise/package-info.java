/**
 * The gradient noise scale B_noise = tr(&Sigma;)/|G|&sup2; (McCandlish et al. 2018) as plain numbers: the epoch's
 * estimate the trainer measures from the spread of the workers' gradients, and the math built on it
 * (AdaptDL's scale-invariant progress, {@link io.celebaspark.train.noise.EffectiveUpdates}), so that the schedules
 * and the report that use it are unit-tested in milliseconds.
 *
 * <p>Pure core: depends on nothing of the project; never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}).
 */
package io.celebaspark.train.noise;
