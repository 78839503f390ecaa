package io.celebaspark.train.control;

/**
 * The knobs the controller turns, as they apply to one epoch. The global batch is derived, not stored,
 * because growing it means multiplying the batch per worker (scale-up) or the workers (scale-out), and a
 * stored copy could disagree.
 *
 * @param epoch          the 1-based epoch these settings apply to
 * @param batchPerWorker examples per local step on each worker
 * @param workers        workers averaging parameters
 * @param learningRate   the optimiser's learning rate
 */
public record TrainingState(int epoch, int batchPerWorker, int workers, double learningRate) {
    public TrainingState {
        if (epoch < 1 || batchPerWorker < 1 || workers < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("invalid training state: epoch " + epoch + ", batch per worker "
                    + batchPerWorker + ", workers " + workers + ", learning rate " + learningRate
                    + " (need epoch, batch and workers >= 1 and a finite learning rate > 0)");
        }
    }

    /** The first epoch's state. */
    public static TrainingState initial(int batchPerWorker, int workers, double learningRate) {
        return new TrainingState(1, batchPerWorker, workers, learningRate);
    }

    /** B = batch per worker x workers. */
    public long globalBatch() {
        return (long) batchPerWorker * workers;
    }

    TrainingState nextEpoch() {
        return new TrainingState(epoch + 1, batchPerWorker, workers, learningRate);
    }

    TrainingState withBatchPerWorker(int value) {
        return new TrainingState(epoch, value, workers, learningRate);
    }

    TrainingState withWorkers(int value) {
        return new TrainingState(epoch, batchPerWorker, value, learningRate);
    }

    TrainingState withLearningRate(double value) {
        return new TrainingState(epoch, batchPerWorker, workers, value);
    }
}
