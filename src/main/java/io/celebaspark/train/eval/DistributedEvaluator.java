package io.celebaspark.train.eval;

import io.celebaspark.metrics.BinaryClassificationMetrics;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.spark.TaskThreads;
import io.celebaspark.tensors.TableSchemas;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Scores a network on a split where the rows are: the executors run the network over their partitions in
 * inference mode and send back only each example's probabilities and true labels (a few bytes per example;
 * pixels never reach the driver), and the driver computes the loss and per-label metrics with
 * {@link BinaryClassificationMetrics}, so the numbers are exact (an exact AUC needs every score) and computed
 * by the same code as everywhere else.
 *
 * <p>The executors get a <em>copy</em> of the network (configuration JSON and a {@code float[]} of
 * parameters) by broadcast, destroyed afterwards. Broadcasting the live network's arrays is a known trap
 * (docs/architecture.md): Spark 3.5 closes {@code AutoCloseable} broadcast values when it removes them, which
 * releases the network's buffers under the trainer's feet.
 */
public final class DistributedEvaluator {
    /** Spark's local property behind {@code SparkContext.setJobDescription}. */
    private static final String JOB_DESCRIPTION = "spark.job.description";

    private DistributedEvaluator() {
    }

    /**
     * @param rows      {@code image_id}, {@code pixels} and the label columns, as {@code TensorDataset.split} gives
     * @param batches   normalisation of the data the network was trained on; laid out as {@code net} takes it
     * @param labels    the network's outputs in order; each must be a boolean column of {@code rows}
     * @param split     name recorded in the result ({@code val}, {@code test})
     * @param batchSize examples per forward pass on an executor
     */
    public static Evaluation evaluate(SparkSession spark, MultiLayerNetwork net, Dataset<Row> rows,
                                      TensorBatches batches, List<String> labels, String split, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels to evaluate");
        }
        StructType schema = rows.schema();
        int idIndex = schema.fieldIndex(TableSchemas.IMAGE_ID);
        int pixelsIndex = schema.fieldIndex(TableSchemas.PIXELS);
        int[] labelIndexes = labels.stream().mapToInt(schema::fieldIndex).toArray();

        SparkContext sc = spark.sparkContext();
        String callerDescription = sc.getLocalProperty(JOB_DESCRIPTION);
        if (callerDescription == null) {
            sc.setJobDescription("evaluate " + split);
        }
        TensorBatches forNet = batches.laidOutFor(net);
        Broadcast<NetworkCopy> copy = JavaSparkContext.fromSparkContext(sc).broadcast(NetworkCopy.of(net));
        try {
            List<Scores> parts = rows.javaRDD().mapPartitions(it -> {
                TaskThreads.useTaskTeam(); // the same scores whichever pooled thread runs this
                MultiLayerNetwork local = copy.value().rebuild();
                return List.of(score(local, it, forNet, batchSize, idIndex, pixelsIndex, labelIndexes)).iterator();
            }).collect();
            return BinaryClassificationMetrics.evaluate(split, labels, concatProbabilities(parts), concatTruth(parts));
        } finally {
            copy.destroy();
            sc.setJobDescription(callerDescription);
        }
    }

    private static Scores score(MultiLayerNetwork net, Iterator<Row> rows, TensorBatches batches, int batchSize,
                                int idIndex, int pixelsIndex, int[] labelIndexes) {
        int k = labelIndexes.length;
        FloatList probabilities = new FloatList();
        List<boolean[]> truth = new ArrayList<>();
        List<LabelledPixels> batch = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            Row row = rows.next();
            boolean[] labels = new boolean[k];
            for (int j = 0; j < k; j++) {
                labels[j] = row.getBoolean(labelIndexes[j]);
            }
            batch.add(new LabelledPixels(row.getString(idIndex), (byte[]) row.get(pixelsIndex), labels));
            truth.add(labels);
            if (batch.size() == batchSize || !rows.hasNext()) {
                INDArray out = net.output(batches.toDataSet(batch).getFeatures(), false);
                if (out.columns() != k) {
                    throw new IllegalArgumentException("the network has " + out.columns() + " outputs but " + k
                            + " labels are evaluated");
                }
                probabilities.addAll(out.ravel().toFloatVector());
                batch.clear();
            }
        }
        boolean[] flat = new boolean[truth.size() * k];
        for (int i = 0; i < truth.size(); i++) {
            System.arraycopy(truth.get(i), 0, flat, i * k, k);
        }
        return new Scores(probabilities.toArray(), flat);
    }

    private static double[] concatProbabilities(List<Scores> parts) {
        double[] all = new double[parts.stream().mapToInt(p -> p.probabilities().length).sum()];
        int at = 0;
        for (Scores part : parts) {
            for (float p : part.probabilities()) {
                all[at++] = p;
            }
        }
        return all;
    }

    private static boolean[] concatTruth(List<Scores> parts) {
        boolean[] all = new boolean[parts.stream().mapToInt(p -> p.truth().length).sum()];
        int at = 0;
        for (Scores part : parts) {
            System.arraycopy(part.truth(), 0, all, at, part.truth().length);
            at += part.truth().length;
        }
        return all;
    }

    /** One partition's result, example-major: {@code probabilities[i * labels + j]}. */
    private record Scores(float[] probabilities, boolean[] truth) implements Serializable {
    }

    /** What the executors rebuild the network from: plain Java values, nothing Spark could close. */
    private record NetworkCopy(String configJson, float[] params) implements Serializable {
        static NetworkCopy of(MultiLayerNetwork net) {
            return new NetworkCopy(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
        }

        MultiLayerNetwork rebuild() {
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configJson));
            net.init(Nd4j.createFromArray(params).reshape(1, params.length), false);
            return net;
        }
    }

    /** A growable float array, so a partition's scores cost 4 bytes each rather than a boxed Float. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void addAll(float[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
