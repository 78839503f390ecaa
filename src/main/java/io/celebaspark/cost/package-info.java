/**
 * What a run costs on a cluster, pure: executors' held time (cores &times; the time they were held, split
 * between the runs of one application that were active at the same time), busy time (the runs' task run
 * times), executor changes, per epoch window. The Spark listener that feeds it
 * ({@code io.celebaspark.spark.ExecutorCostMeter}) and the train job that reads it are thin edges; the
 * arithmetic is here, unit-tested in milliseconds on made-up timelines.
 *
 * <p>Pure core: depends on nothing of the project and never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}).
 */
package io.celebaspark.cost;
