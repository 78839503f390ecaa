package io.celebaspark.train.spark;

import io.celebaspark.train.noise.NoiseScaleMeter;
import io.celebaspark.train.noise.RoundGradientNorms;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;

import java.util.List;

/**
 * Measures the gradient noise scale of every averaging round (docs/noise-scale.md). On each worker, around its
 * one step of the round, it recovers the step's gradient from the optimiser state ({@link GradientRecovery})
 * and ships three numbers back through an accumulator: the batch, |g_i|² and, for Adam, |g_i ⊘ p|². On the
 * driver, {@link #endRound} recovers the mean gradient from the driver's state before and after the round
 * (the averaged state), so no vector crosses the network beyond DL4J's own, and hands the round to the meter.
 *
 * <p>Valid only at averaging frequency 1, where every worker takes exactly one step from the round's broadcast
 * parameters (after that the workers' parameters differ); the trainer installs it only then
 * ({@link AveragingSettings#noiseScaleUnavailable()}). A round is left out when its number of worker records is
 * not its number of files (a retried or recomputed task adds its numbers twice: accumulators updated outside
 * an action are not deduplicated), when it has a single worker, or when its worker batches differ (a
 * partition's short last file): DL4J averages the workers equally, so the driver's state then gives the
 * equal-weight mean, not the global batch's example-weighted gradient. A round with a non-finite norm (a
 * diverging run, which the train loop detects by its loss) is left out too.
 */
final class GradientProbe implements DataSetTrainingHook {
    private static final long serialVersionUID = 1L;
    /** The state before the step of the task running on this thread. */
    private static final ThreadLocal<GradientRecovery.Before> BEFORE = new ThreadLocal<>();

    private final CollectionAccumulator<double[]> steps;

    GradientProbe(SparkContext sc) {
        this.steps = sc.collectionAccumulator("noise scale: worker squared gradient norms");
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        BEFORE.set(GradientRecovery.before((MultiLayerNetwork) model));
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        GradientRecovery.Before before = BEFORE.get();
        BEFORE.remove();
        GradientRecovery.Step step = before.recover((MultiLayerNetwork) model);
        steps.add(new double[]{minibatch.numExamples(), step.squaredNorm(), step.preconditionedSquaredNorm()});
    }

    /**
     * Ends a round on the driver: pairs the workers' records with the mean gradient recovered from
     * {@code before} and the driver's network after the round, and adds the round to {@code meter} unless it
     * has to be left out.
     *
     * @param files the round's minibatch files, one per worker
     * @return whether the round was measured
     */
    boolean endRound(int files, GradientRecovery.Before before, MultiLayerNetwork driver, NoiseScaleMeter meter) {
        List<double[]> records = steps.value();
        steps.reset();
        if (files < 2 || records.size() != files) {
            return false;
        }
        long[] batches = new long[files];
        double[] squares = new double[files];
        double[] preconditioned = new double[files];
        for (int i = 0; i < files; i++) {
            double[] r = records.get(i);
            batches[i] = (long) r[0];
            squares[i] = r[1];
            preconditioned[i] = r[2];
        }
        GradientRecovery.Step mean = before.recover(driver);
        if (!finite(squares) || !Double.isFinite(mean.squaredNorm())) {
            return false;
        }
        RoundGradientNorms round = new RoundGradientNorms(batches, squares, mean.squaredNorm());
        if (!round.equalBatches()) {
            return false;
        }
        meter.addRound(round, Double.isNaN(mean.preconditionedSquaredNorm()) ? null
                        : new RoundGradientNorms(batches, preconditioned, mean.preconditionedSquaredNorm()));
        return true;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
