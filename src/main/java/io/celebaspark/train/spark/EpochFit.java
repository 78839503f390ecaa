package io.celebaspark.train.spark;

import io.celebaspark.cost.RoundTimes;
import io.celebaspark.train.noise.NoiseScaleEstimate;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * What one training epoch did, the same for the Spark and the one-JVM trainer so they can be compared.
 *
 * @param trainLoss mean over the epoch's minibatch steps (every worker's) of DL4J's score per label
 *                  ({@link #perLabel}), each taken on the minibatch just before its update, with dropout
 *                  on: DL4J's own training score, not an evaluation of the final parameters
 * @param examples  training examples consumed in the epoch
 * @param updates   parameter updates in the epoch as seen by one worker: its local steps (Smith et al. plot
 *                  against these); under averaging, the mean over workers, rounded up
 * @param seconds   wall time of the epoch, including writing and reading its minibatches
 * @param rounds    the epoch's averaging rounds and their median wall time; {@code null} for a trainer that
 *                  does not average (the one-JVM one)

 * @param noise     the gradient noise scale measured in the epoch (docs/noise-scale.md); null when none was
 *                  (averaging frequency above 1, the one-JVM trainer, a checkpoint from before it existed)
 * @param noiseState the noise meter's moving averages after the epoch ({@code NoiseScaleMeter.saveState}), so
 *                  that a run resumed from this epoch's checkpoint continues them; null without a meter

 */
public record EpochFit(double trainLoss, long examples, long updates, double seconds, RoundTimes rounds,
                       NoiseScaleEstimate noise, String noiseState) {

    /** An epoch trained without averaging rounds and without a noise scale measurement. */
    public EpochFit(double trainLoss, long examples, long updates, double seconds) {
        this(trainLoss, examples, updates, seconds, null, null, null);
    }

    /**
     * DL4J's score of a multi-label sigmoid output sums the binary cross-entropy over the labels (and
     * averages over examples); divided by the labels it is the mean per example and label, the same unit
     * as the evaluations' loss, so train and val loss can be read side by side.
     */
    public static double perLabel(double score, DataSet minibatch) {
        return score / minibatch.getLabels().size(1);
    }

    public double examplesPerSecond() {
        return examples / seconds;
    }
}
