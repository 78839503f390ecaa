package io.celebaspark.train.control;

/**
 * How a batch growth multiplies the global batch B = batch per worker &times; workers by alpha
 * ({@code schedule.batch-growth.realise}). With plain SGD and averaging every step both take the same averaged
 * step on the same examples; they differ in where the time and the executor-seconds go (docs/scale-out.md).
 */
public enum Realisation {
    /** batch per worker &larr; round(b &middot; alpha) on the same workers. */
    SCALE_UP,
    /** workers &larr; round(W &middot; alpha) at the same batch per worker: the cluster adds executors. */
    SCALE_OUT
}
