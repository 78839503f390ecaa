/**
 * The plateau controller and schedules, pure: plateau detection, {@code constant}, {@code lr-decay},
 * {@code batch-growth} (Smith et al.'s hybrid) and {@code fixed-steps}, as decisions on a training state, so the
 * semantics of the study are unit-tested in milliseconds.
 *
 * <p>Pure core: may depend on {@code config} (to read its settings) and {@code metrics}; never on Spark, DL4J or
 * ND4J (enforced by {@code ArchitectureTest}).
 */
package io.celebaspark.train.control;
