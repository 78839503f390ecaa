/**
 * Evaluation where the rows are: executors score their partitions, the driver computes the exact metrics
 * with {@code metrics}.
 *
 * <p>May depend on {@code metrics}, {@code model}, {@code tensors}, {@code spark} (the task threads' OpenMP team), Spark, DL4J and ND4J.
 */
package io.celebaspark.train.eval;
