package io.celebaspark.cost;

/**
 * The executors a run held during a window of time.
 *
 * @param executorsMax  most executors registered at once in the window
 * @param executorsMean executors registered, time-weighted over the window
 * @param coreSeconds   the run's share of the executors' cores &times; seconds held in the window
 */
public record HeldTime(int executorsMax, double executorsMean, double coreSeconds) {
}
