package io.celebaspark.train.control;

/**
 * One decision of the controller, as it goes into the {@code events} table: what happened at the end of
 * which epoch, the value before and after, and why in words. Every change and every stop is an event, so
 * a run's schedule can be read back from the table alone.
 *
 * @param epoch    the epoch at whose end the decision was taken; a change applies from epoch + 1
 * @param kind     what was decided
 * @param oldValue the value before (see {@link Kind} for which value)
 * @param newValue the value after, or the refused value for {@link Kind#BATCH_CAPPED}
 * @param reason   a sentence naming the cause, the rule and the configuration keys involved
 */
public record ControllerEvent(int epoch, Kind kind, double oldValue, double newValue, String reason) {
    /** The decisions, with the values each carries. */
    public enum Kind {
        /** The monitored metric plateaued; old = best value, new = this epoch's value. */
        PLATEAU,
        /** The global batch grew; old and new global batch. */
        BATCH_GROWN,
        /** The global batch shrank to follow the noise scale ({@code schedule.noise.grow-only = false}); old and new global batch. */
        BATCH_SHRUNK,
        /** The global batch could not grow; old = global batch, new = the refused global batch. */
        BATCH_CAPPED,
        /** The learning rate decayed; old and new learning rate. */
        LR_DECAYED,
        /** A change was due but nothing was left to change; old = new = the learning rate. */
        EARLY_STOPPED,
        /** The epoch budget is spent; old = the budget, new = the epochs run. */
        BUDGET_SPENT,
        /** A noise-scale decision; old = the gradient noise scale B_noise it used, new = the target kappa &middot; B_noise. */
        NOISE_SCALE,
        /** A noise-scale decision was due but no estimate was ever given; old = new = the global batch. */
        NOISE_MISSING
    }
}
