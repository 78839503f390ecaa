package io.celebaspark.train;

/**
 * What a NaN or infinite loss does ({@code train.on-divergence}). Failing is the honest default: a
 * diverged run's numbers are meaningless. Rolling back once (to the last checkpoint, at a tenth of the
 * learning rate) rescues a run that a single bad step blew up, and is recorded as an event so it is
 * never hidden from the comparison.
 */
public enum DivergencePolicy {
    FAIL,
    ROLLBACK;

    /** The factor the learning rate is divided by on a rollback. */
    public static final double ROLLBACK_LR_DIVISOR = 10;
}
