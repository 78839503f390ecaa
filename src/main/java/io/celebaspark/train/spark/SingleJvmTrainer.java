package io.celebaspark.train.spark;

import io.celebaspark.model.TensorBatches;
import io.celebaspark.train.data.MinibatchRdd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;

/**
 * The reference that {@link ParameterAveragingTrainer} is measured against: the same network trained in
 * the driver JVM with plain minibatch SGD at the same global batch ({@code batchPerWorker × workers}), on
 * the same seeded per-epoch order policy ({@link MinibatchRdd}), same flips, same loss definition. Batches
 * stream to the driver one partition at a time; still a measurement tool for samples, not a production
 * path (the driver does all the training).
 */
public final class SingleJvmTrainer {
    private final MultiLayerNetwork net;
    private final int workers;

    /** @param workers the Spark trainer's worker count, so the same arguments give the same global batch */
    public SingleJvmTrainer(MultiLayerNetwork net, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.net = net;
        this.workers = workers;
    }

    /** One epoch at global batch {@code batchPerWorker × workers}; same contract as the Spark trainer's. */
    public EpochFit fitEpoch(Dataset<Row> trainRows, TensorBatches batches, int epoch, long seed, int batchPerWorker,
                             double learningRate, boolean flip) {
        if (batchPerWorker < 1) {
            throw new IllegalArgumentException("batch per worker must be at least 1, got " + batchPerWorker);
        }
        long start = System.nanoTime();
        net.setLearningRate(learningRate);
        Iterator<DataSet> it = MinibatchRdd.minibatches(trainRows, batches.laidOutFor(net), batchPerWorker * workers,
                seed, epoch, flip).toLocalIterator();
        double lossSum = 0;
        long steps = 0;
        long examples = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            net.fit(batch);
            lossSum += EpochFit.perLabel(net.score(), batch);
            steps++;
            examples += batch.numExamples();
        }
        if (steps == 0) {
            throw new IllegalArgumentException("the training rows are empty: nothing to train on");
        }
        return new EpochFit(lossSum / steps, examples, steps, (System.nanoTime() - start) / 1e9);
    }

    public MultiLayerNetwork network() {
        return net;
    }

    public int workers() {
        return workers;
    }
}
