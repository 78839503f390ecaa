package io.celebaspark.train.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * Collects every worker step's training score into Spark accumulators. DL4J's master keeps only the
 * average of each worker's <em>last</em> score per averaging round ({@code SparkDl4jMultiLayer.getScore()}
 * is the last round's), which is a noisy sample of one step in {@code averagingFrequency}; this hook sees
 * every step, so the epoch's train loss means the same thing as the one-JVM trainer's.
 */
final class StepScores implements DataSetTrainingHook {
    private static final long serialVersionUID = 1L;

    private final DoubleAccumulator lossSum;
    private final LongAccumulator steps;
    private final LongAccumulator examples;

    StepScores(SparkContext sc) {
        this.lossSum = sc.doubleAccumulator("train loss sum");
        this.steps = sc.longAccumulator("train steps");
        this.examples = sc.longAccumulator("train examples");
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        lossSum.add(EpochFit.perLabel(model.score(), minibatch));
        steps.add(1);
        examples.add(minibatch.numExamples());
    }

    double meanLoss() {
        return lossSum.value() / steps.value();
    }

    long steps() {
        return steps.value();
    }

    long examples() {
        return examples.value();
    }
}
