/**
 * Configuration loading and validation, pure: the layers (reference.conf, {@code --config}, {@code -D},
 * {@code --set}) merged once ({@link io.celebaspark.config.ConfigLoader}), unknown keys refused with a
 * "did you mean" ({@link io.celebaspark.config.KeySuggester}), typed reads that name the key and the rule
 * ({@link io.celebaspark.config.ConfigReader}), and the immutable settings records of the sections that are not
 * training's (cluster, preprocess, synth).
 *
 * <p>Pure core: may depend on typesafe-config, {@code image} (crop and image geometry) and {@code data}; never on
 * Spark, DL4J or ND4J (enforced by {@code ArchitectureTest}). Training's own settings live in {@code train} and the
 * assembled whole in {@code app}, so this package depends on neither.
 */
package io.celebaspark.config;
