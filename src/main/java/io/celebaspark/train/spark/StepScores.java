package io.celebaspark.train.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * Collects every worker step's training score, and its wall time ({@code MultiLayerNetwork.fit}, which DL4J's
 * worker calls between {@link #preUpdate} and {@link #postUpdate}), into Spark accumulators. DL4J's master keeps only the
 * average of each worker's <em>last</em> score per averaging round ({@code SparkDl4jMultiLayer.getScore()}
 * is the last round's), which is a noisy sample of one step in {@code averagingFrequency}; this hook sees
 * every step, so the epoch's train loss means the same thing as the one-JVM trainer's.
 */
final class StepScores implements DataSetTrainingHook {
    private static final long serialVersionUID = 1L;

    /** When this task thread's current step started (hooks run on the thread that fits). */
    private static final ThreadLocal<Long> STEP_START = new ThreadLocal<>();

    private final DoubleAccumulator lossSum;
    private final DoubleAccumulator stepSeconds;
    private final LongAccumulator steps;
    private final LongAccumulator examples;

    StepScores(SparkContext sc) {
        this.lossSum = sc.doubleAccumulator("train loss sum");
        this.stepSeconds = sc.doubleAccumulator("train step seconds");
        this.steps = sc.longAccumulator("train steps");
        this.examples = sc.longAccumulator("train examples");
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        STEP_START.set(System.nanoTime());
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        stepSeconds.add((System.nanoTime() - STEP_START.get()) / 1e9);
        lossSum.add(EpochFit.perLabel(model.score(), minibatch));
        steps.add(1);
        examples.add(minibatch.numExamples());
    }

    double meanLoss() {
        return lossSum.value() / steps.value();
    }

    /** All steps' wall time, summed over the workers. */
    double stepSeconds() {
        return stepSeconds.value();
    }

    long steps() {
        return steps.value();
    }

    long examples() {
        return examples.value();
    }
}
