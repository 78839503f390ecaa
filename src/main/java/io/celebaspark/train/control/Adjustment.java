package io.celebaspark.train.control;

/**
 * The change a due decision makes ({@code schedule.step-action} for fixed steps). Batch growth falls back
 * to LR decay when the global batch cannot grow any more, so the two share one code path.
 */
public enum Adjustment {
    /** lr &larr; max(lr / alpha, min-lr). */
    LR_DECAY,
    /** batch per worker &larr; round(batch per worker &middot; alpha), if the global batch still fits. */
    BATCH_GROWTH
}
