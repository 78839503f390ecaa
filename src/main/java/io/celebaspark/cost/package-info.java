/**
 * What a run costs on a cluster, pure: executors' held time (cores &times; the time they were held, split
 * between the runs of one application that were active at the same time), busy time (the runs' task run
 * times), executor changes, per epoch window. The Spark listener that feeds it
 * ({@code io.celebaspark.spark.ExecutorCostMeter}) and the train job that reads it are thin edges; the
 * arithmetic is here, unit-tested in milliseconds on made-up timelines.
 *
 * <p>And what a schedule would cost on another cluster: the round-time model t_r(W, b) = c0 + c1·b + c2·W
 * ({@link io.celebaspark.cost.RoundTimeModel}), its fit to metered epochs ({@link io.celebaspark.cost.RoundTimeFit}),
 * and the forecast of a batch schedule realised as scale-up or scale-out ({@link io.celebaspark.cost.CostForecast}),
 * with progress counted in McCandlish et al.'s minimal steps where the gradient noise scale is known.
 *
 * <p>Pure core: depends only on {@code train.noise} (McCandlish's trade-off) and {@code train.control} (the
 * realisations), themselves pure, and never on Spark, DL4J or ND4J (enforced by {@code ArchitectureTest}).
 */
package io.celebaspark.cost;
