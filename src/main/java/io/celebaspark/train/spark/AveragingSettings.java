package io.celebaspark.train.spark;

/**
 * How {@link ParameterAveragingTrainer} runs DL4J's parameter averaging.
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
 */
public record AveragingSettings(int workers, int averagingFrequency, boolean averageUpdaters, String scratchDir) {

    /** Defaults measured for statistical parity with one JVM (README, "Training on Spark"). */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 1;
    public static final boolean DEFAULT_AVERAGE_UPDATERS = true;

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

    /** The defaults, on every core, writing minibatch files under {@code scratchDir}. */
    public static AveragingSettings defaults(String scratchDir) {
        return new AveragingSettings(0, DEFAULT_AVERAGING_FREQUENCY, DEFAULT_AVERAGE_UPDATERS, scratchDir);
    }
}
