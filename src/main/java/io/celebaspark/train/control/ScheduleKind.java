package io.celebaspark.train.control;

/**
 * What the controller changes and when ({@code schedule.kind}). The four kinds are the arms of the
 * experiment: a fixed baseline, the classic plateau LR decay, Smith et al.'s batch growth (falling back to
 * LR decay once the batch cannot grow), and a calendar of fixed steps to reproduce a paper's protocol.
 */
public enum ScheduleKind {
    /** Never changes anything; runs to the epoch budget. */
    CONSTANT,
    /** On a plateau divides the learning rate by alpha, down to min-lr. */
    LR_DECAY,
    /** On a plateau multiplies the batch per worker by alpha while the global batch fits, then decays the LR. */
    BATCH_GROWTH,
    /** Applies {@code schedule.step-action} at the end of each listed epoch, ignoring plateaus. */
    FIXED_STEPS
}
