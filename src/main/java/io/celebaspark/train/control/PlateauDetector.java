package io.celebaspark.train.control;

/**
 * Decides, one epoch at a time, whether a monitored metric has stopped improving, with the semantics of
 * PyTorch's {@code ReduceLROnPlateau} (threshold mode "abs") with Keras' reading of patience:
 * <ol>
 *   <li>An epoch <em>improves</em> when its value beats the best so far by strictly more than
 *       {@code minDelta} ({@link Mode#improves}); the best is then replaced by the value. The best is
 *       otherwise never changed, not even by a plateau.</li>
 *   <li>During cooldown (the {@code cooldown} epochs right after a plateau) the best is still updated, but
 *       the count of epochs without improvement stays 0 and no plateau is reported.</li>
 *   <li>Otherwise an improving epoch resets the count to 0 and any other epoch adds 1; when the count
 *       reaches {@code patience} the epoch is a <em>plateau</em>, the count resets to 0 and cooldown
 *       starts.</li>
 * </ol>
 * So with patience p and cooldown c, a plateau at epoch e is followed at the earliest by another one at
 * epoch e + c + p. NaN and infinite values are refused: divergence is the training loop's business, and
 * letting it in would either freeze the best (NaN) or become an unbeatable best (-&infin;).
 */
public final class PlateauDetector {
    /**
     * Everything the detector remembers, for checkpoints.
     *
     * @param best                     the best value so far, {@link Mode#worst()} before the first epoch
     * @param epochsWithoutImprovement the count towards patience
     * @param cooldownLeft             epochs of cooldown still to come
     */
    public record State(double best, int epochsWithoutImprovement, int cooldownLeft) {
        static State initial(Mode mode) {
            return new State(mode.worst(), 0, 0);
        }
    }

    /**
     * What one epoch's value meant.
     *
     * @param improved the value is the new best
     * @param plateau  the epoch completes a plateau
     * @param best     the best value after this epoch
     */
    public record Observation(boolean improved, boolean plateau, double best) {
    }

    private final PlateauCriterion criterion;
    private State state;

    /** A detector that has seen nothing yet. */
    public PlateauDetector(PlateauCriterion criterion) {
        this(criterion, State.initial(criterion.mode()));
    }

    /** A detector that continues from a saved state. */
    public PlateauDetector(PlateauCriterion criterion, State state) {
        this.criterion = criterion;
        this.state = state;
    }

    public State state() {
        return state;
    }

    /** Takes the value monitored at the end of the next epoch. */
    public Observation observe(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the monitored value must be finite, got " + value);
        }
        boolean improved = criterion.mode().improves(value, state.best(), criterion.minDelta());
        double best = improved ? value : state.best();
        boolean plateau = false;
        if (state.cooldownLeft() > 0) {
            state = new State(best, 0, state.cooldownLeft() - 1);
        } else {
            int without = improved ? 0 : state.epochsWithoutImprovement() + 1;
            plateau = without >= criterion.patience();
            state = plateau ? new State(best, 0, criterion.cooldown()) : new State(best, without, 0);
        }
        return new Observation(improved, plateau, best);
    }
}
