package io.celebaspark.train.spark;

/**
 * What one training epoch did, the same for the Spark and the one-JVM trainer so they can be compared.
 *
 * @param trainLoss mean of DL4J's score over the epoch's minibatch steps (every worker's), each score taken
 *                  on the minibatch just before its update, with dropout on: DL4J's own training score,
 *                  not an evaluation of the final parameters
 * @param examples  training examples consumed in the epoch
 * @param updates   parameter updates in the epoch as seen by one worker: its local steps (Smith et al. plot
 *                  against these); under averaging, the mean over workers, rounded up
 * @param seconds   wall time of the epoch, including writing and reading its minibatches
 */
public record EpochFit(double trainLoss, long examples, long updates, double seconds) {

    public double examplesPerSecond() {
        return examples / seconds;
    }
}
