/**
 * Training on Spark: DL4J's {@code ParameterAveragingTrainingMaster} driven one epoch and one averaging round
 * at a time over per-epoch minibatch files ({@link io.celebaspark.train.spark.ParameterAveragingTrainer}), and the
 * one-JVM reference trainer it is compared with ({@link io.celebaspark.train.spark.SingleJvmTrainer}).
 *
 * <p>May depend on {@code train.data}, {@code model}, {@code spark}, {@code fs}, Spark, DL4J and ND4J.
 */
package io.celebaspark.train.spark;
