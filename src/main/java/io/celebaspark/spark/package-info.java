/**
 * Spark session set-up shared by every job ({@link io.celebaspark.spark.SparkSessions}: master, Kryo with
 * ND4J's registrator and the project's bulk ND4J array serializer, executor OpenMP threads on clusters), and the
 * Kryo registrations themselves, and the executors a scale-out batch growth adds between epochs
 * ({@link io.celebaspark.spark.ExecutorScaler}).
 *
 * <p>May depend on {@code config}, {@code model} (DL4J's runtime switches), Spark, Kryo and ND4J.
 */
package io.celebaspark.spark;
