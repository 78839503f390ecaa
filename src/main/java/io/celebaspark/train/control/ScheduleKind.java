package io.celebaspark.train.control;

/**
 * What the controller changes and when ({@code schedule.kind}). The kinds are the arms of the
 * experiments: a fixed baseline, the classic plateau LR decay, Smith et al.'s batch growth (falling back to
 * LR decay once the batch cannot grow), a calendar of fixed steps to reproduce a paper's protocol, and two
 * schedules that ask the gradient noise scale (McCandlish et al. 2018) how large a batch still pays.
 */
public enum ScheduleKind {
    /** Never changes anything; runs to the epoch budget. */
    CONSTANT,
    /** On a plateau divides the learning rate by alpha, down to min-lr. */
    LR_DECAY,
    /** On a plateau multiplies the batch per worker by alpha while the global batch fits, then decays the LR. */
    BATCH_GROWTH,
    /** Applies {@code schedule.step-action} at the end of each listed epoch, ignoring plateaus. */
    FIXED_STEPS,
    /**
     * After {@code schedule.noise.warmup-rounds}, sets the global batch to kappa &middot; B_noise at every epoch
     * end (grow-only and with hysteresis by default, within the batch-growth caps); on a plateau at which the
     * batch did not grow, decays the LR.
     */
    NOISE_SCALE,
    /** Batch growth that grows by alpha on a plateau only while alpha &middot; B &le; kappa &middot; B_noise, else decays the LR. */
    NOISE_CAPPED_GROWTH;

    /** Whether the kind decides with the gradient noise scale (and so needs synchronous averaging rounds). */
    public boolean usesNoiseScale() {
        return this == NOISE_SCALE || this == NOISE_CAPPED_GROWTH;
    }
}
