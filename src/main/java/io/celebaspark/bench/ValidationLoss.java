package io.celebaspark.bench;

import io.celebaspark.model.TensorBatches;
import io.celebaspark.train.data.MinibatchRdd;
import io.celebaspark.train.spark.EpochFit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * A held-out split collected to the driver once and scored there, for comparing trainers on a sample: the
 * same normalised batches for every network, no flips, dropout off and BatchNorm on its running
 * statistics. A measurement tool (780 val images are 38 MB as floats), not the production evaluator.
 */
public final class ValidationLoss {
    private static final int BATCH = 256;

    private final List<DataSet> batches;
    private final long examples;

    private ValidationLoss(List<DataSet> batches) {
        this.batches = batches;
        this.examples = batches.stream().mapToLong(DataSet::numExamples).sum();
    }

    public static ValidationLoss collect(Dataset<Row> rows, TensorBatches tensorBatches) {
        ValidationLoss loss = new ValidationLoss(MinibatchRdd.minibatches(rows, tensorBatches, BATCH, 0, 0, false).collect());
        if (loss.examples == 0) {
            throw new IllegalArgumentException("the validation rows are empty");
        }
        return loss;
    }

    /** Mean binary cross-entropy per example and label (the evaluations' unit; see {@link EpochFit#perLabel}). */
    public double of(MultiLayerNetwork net) {
        double sum = 0;
        for (DataSet batch : batches) {
            sum += EpochFit.perLabel(net.score(batch, false), batch) * batch.numExamples();
        }
        return sum / examples;
    }

    public long examples() {
        return examples;
    }
}
