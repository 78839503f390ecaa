/**
 * The synthetic CelebA generator, pure: faces drawn with Java2D from seeded traits and written in exactly
 * CelebA's release layout, so every job runs end to end without the real download.
 *
 * <p>Pure core: may depend on {@code data} and {@code image}; never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}).
 */
package io.celebaspark.synth;
