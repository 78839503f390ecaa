package io.celebaspark.train;

import io.celebaspark.cost.EpochCost;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.train.control.Decision;
import io.celebaspark.train.control.TrainingState;
import io.celebaspark.train.noise.NoiseScaleEstimate;
import io.celebaspark.train.spark.EpochFit;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything one epoch produced: what it ran with, what training and validation measured, the running
 * totals Smith et al. plot against (parameter updates, examples seen) and the controller's decision. It is
 * the {@code epochs} row, the checkpoint's record of the epoch and the console line, from one object; a
 * resumed run replays its checkpoint's report into the metrics tables, so the row is never lost.
 *
 * @param epoch        1-based epoch
 * @param epochs       the epoch budget
 * @param state        batch per worker, workers and learning rate the epoch ran with
 * @param fit          what training measured
 * @param validation   the epoch's validation
 * @param updates      parameter updates since the run began (each worker's local steps; one averaging
 *                     trajectory)
 * @param examplesSeen training examples since the run began
 * @param seconds      wall time of the epoch, training and validation
 * @param decision     the controller's decision at the end of the epoch
 * @param bestEpoch    the epoch with the best monitored value so far (strictly best: min-delta only decides
 *                     plateaus), whose network is the run's {@code best} model
 * @param bestValue    that best monitored value
 * @param at           when the epoch ended
 * @param cost         what the epoch cost in executors and core-seconds; {@code null} when not metered (a session
 *                     without the cost meter, a checkpoint of an older build)
 */
public record EpochReport(int epoch, int epochs, TrainingState state, EpochFit fit, Evaluation validation,
                          long updates, long examplesSeen, double seconds, Decision decision, int bestEpoch,
                          double bestValue, Instant at, EpochCost cost) {

    /** This epoch is the best so far. */
    public boolean isBest() {
        return bestEpoch == epoch;
    }

    /**
     * The gradient noise scale measured in the epoch (docs/noise-scale.md), for the metrics row, the console
     * and the controller; empty when it was not measured.
     */
    public Optional<NoiseScaleEstimate> noise() {
        return Optional.ofNullable(fit.noise());
    }

    /** Training throughput: examples per second of training (validation excluded). */
    public double examplesPerSecond() {
        return fit.seconds() > 0 ? fit.examples() / fit.seconds() : Double.NaN;
    }
}
