package io.celebaspark.config;

/**
 * Who adds the executors a scale-out batch growth needs ({@code cluster.scale-out.mode}).
 */
public enum ScaleOutMode {
    /**
     * The driver asks the cluster manager for exactly the executors W needs, between epochs; Spark's dynamic
     * allocation must be off, because it would override the request with its own target.
     */
    EXPLICIT,
    /**
     * No requests: Spark's dynamic allocation follows the task backlog (every stage's, so it does not hold W
     * exactly); the baseline "let Spark decide".
     */
    DYNAMIC
}
