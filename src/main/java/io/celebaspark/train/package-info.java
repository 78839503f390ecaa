/**
 * The {@code train} job ({@link io.celebaspark.train.TrainJob}): parameter averaging on Spark, one epoch at a
 * time, with the driver-side plateau controller deciding batch and learning rate between epochs; its settings
 * ({@link io.celebaspark.train.TrainSettings}), the run folder (checkpoints, best and final models), and the
 * listeners that react to the loop's events (checkpoints, metrics tables, console line).
 *
 * <p>May depend on {@code train.control}, {@code train.data}, {@code train.eval}, {@code train.spark},
 * {@code model}, {@code tensors}, {@code metrics}, {@code metrics.tables}, {@code config}, {@code data},
 * {@code fs}, {@code provenance}, {@code errors}, {@code cost}, {@code spark}, Spark, DL4J and ND4J.
 */
package io.celebaspark.train;
