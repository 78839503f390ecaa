package io.celebaspark.train;

import io.celebaspark.metrics.Evaluation;
import io.celebaspark.spark.ExecutorScaling;
import io.celebaspark.train.control.TrainingState;

/**
 * Hears what the training loop does, as DJL's {@code TrainingListener}s do: the loop only trains, evaluates,
 * asks the controller and emits these events; checkpoints, metrics tables and the console line are
 * listeners, so each can be tested, replaced or added (a test injects a failure as one) without touching
 * the loop. Listeners run in registration order on the driver; an exception from one fails the run.
 */
public interface TrainingListener {
    /** The run is about to train its first epoch (or, resumed, the first epoch after its checkpoint). */
    default void onRunStarted(RunInfo run) {
    }

    /** Epoch {@code state.epoch()} begins with this batch and learning rate. */
    default void onEpochStarted(TrainingState state) {
    }

    /**
     * Before epoch {@code epoch} trained, executors were requested for its workers (a scale-out run on a
     * cluster, {@code cluster.scale-out.mode = explicit}): how many, and how long they took to register.
     */
    default void onExecutorsScaled(int epoch, ExecutorScaling scaling) {
    }

    /** An evaluation finished (validation after each epoch, test at the end). */
    default void onEvaluated(int epoch, Evaluation evaluation) {
    }

    /** The epoch is trained, validated and decided on; {@code report.decision()} says what happens next. */
    default void onEpochEnded(EpochReport report) {
    }

    /**
     * A divergence sent the run back to the checkpoint of {@code restoredEpoch} (0: the initial network) at a
     * lower learning rate; the epochs after it are trained again.
     */
    default void onRolledBack(String runId, int restoredEpoch, double oldLearningRate, double newLearningRate,
                              String reason) {
    }

    /** The run ended, however it ended; called once, also after a failure. */
    default void onRunEnded(RunOutcome outcome) {
    }
}
