/**
 * Spark session set-up shared by every job ({@link io.celebaspark.spark.SparkSessions}: master, Kryo with
 * ND4J's registrator and the project's bulk ND4J array serializer, executor OpenMP threads on clusters, one
 * OpenMP team for every task thread), and the Kryo registrations themselves; the listener that meters what the
 * executors cost ({@link io.celebaspark.spark.ExecutorCostMeter}); the executors a scale-out batch growth adds
 * between epochs ({@link io.celebaspark.spark.ExecutorScaler}).
 *
 * <p>May depend on {@code config}, {@code cost}, {@code model} (DL4J's runtime switches), Spark, Kryo and ND4J.
 */
package io.celebaspark.spark;
