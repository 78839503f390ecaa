package io.celebaspark.train.spark;

import java.util.Optional;

/**
 * How {@link ParameterAveragingTrainer} runs DL4J's parameter averaging. The defaults (every core,
 * frequency 1, updaters averaged: statistical parity with one JVM, docs/performance.md) live in
 * {@code reference.conf} under {@code train.*}; {@code TrainSettings.averaging} builds this record from them.
 *
 * @param workers            parallel workers (Spark task slots used per averaging round); 0 = Spark's default
 *                           parallelism, i.e. every core of the cluster
 * @param averagingFrequency local minibatch steps each worker takes between two averages (1 = synchronous
 *                           data-parallel SGD: every step sees the global batch)
 * @param averageUpdaters    average the optimiser state (Adam's moments, momentum) along with the parameters
 *                           and carry it to the next round; false restarts every round from the state the
 *                           driver holds, which for DL4J is the state before the first round
 * @param scratchDir         Hadoop URI of a folder every executor can read and write (HDFS, S3, or a shared
 *                           file system; {@code file:} only on one machine): each epoch's minibatch files
 *                           go in a fresh subfolder, deleted when the epoch ends
 * @param reuseWorkers       run the rounds with {@link ReusingTrainingMaster} (no count job, networks reused
 *                           by the workers, old broadcasts destroyed); false runs DL4J's stock master, the
 *                           reference path (docs/spark-round.md)
 */
public record AveragingSettings(int workers, int averagingFrequency, boolean averageUpdaters, String scratchDir,
                                boolean reuseWorkers) {

    public AveragingSettings {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0 (0 = Spark's default parallelism), got " + workers);
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be >= 1 local step, got " + averagingFrequency);
        }
        if (scratchDir == null || scratchDir.isBlank()) {
            throw new IllegalArgumentException("a scratch folder (Hadoop URI every executor can reach) is needed for"
                    + " the epoch's minibatch files");
        }
    }

    /**
     * Why the gradient noise scale cannot be measured with these settings (the reason names the key), or empty.
     * It needs frequency 1, where every worker's one step starts from the same parameters, and, for optimisers
     * with state, the state averaged, so that the driver's state after a round holds the workers' mean.
     */
    public Optional<String> noiseScaleUnavailable() {
        return noiseScaleUnavailable(averagingFrequency, averageUpdaters);
    }

    /** {@link #noiseScaleUnavailable()} of these two settings, for a run's log before its trainer exists. */
    public static Optional<String> noiseScaleUnavailable(int averagingFrequency, boolean averageUpdaters) {
        if (averagingFrequency != 1) {
            return Optional.of("train.averaging-frequency = " + averagingFrequency + ": after its first local step"
                    + " each worker's parameters differ from the others', so their gradients are not comparable"
                    + " (frequency 1 only)");
        }
        if (!averageUpdaters) {
            return Optional.of("train.average-updaters = false: the driver's optimiser state after a round is not"
                    + " the workers' mean, so the mean gradient cannot be recovered from it");
        }
        return Optional.empty();
    }

    /** These settings on the other averaging round, to compare the two. */
    public AveragingSettings withReuseWorkers(boolean reuse) {
        return new AveragingSettings(workers, averagingFrequency, averageUpdaters, scratchDir, reuse);
    }
}
