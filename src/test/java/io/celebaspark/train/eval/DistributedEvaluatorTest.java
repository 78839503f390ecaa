package io.celebaspark.train.eval;

import io.celebaspark.data.Split;
import io.celebaspark.metrics.BinaryClassificationMetrics;
import io.celebaspark.metrics.CrossEntropy;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.testing.TestModels;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed evaluation against the same network run in this JVM on the same rows. */
class DistributedEvaluatorTest extends SharedSparkSession {
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");

    private static TensorDataset data;

    @BeforeAll
    static void preprocess() {
        data = TensorDataset.open(spark(), SyntheticTensors.data(spark(), 80, TestModels.SIZE).toString(), LABELS);
    }

    @Test
    void lossAndMetricsEqualASingleJvmRunOnTheSameRows() {
        MultiLayerNetwork net = TestModels.network(LABELS.size(), 3);
        INDArray before = net.params().dup();
        Dataset<Row> rows = data.split(Split.TRAIN).repartition(3);
        TensorBatches batches = data.batches(NetworkFactory.inputLayout(net));

        Evaluation distributed = DistributedEvaluator.evaluate(spark(), net, rows, batches, LABELS, "train", 7);

        List<Row> local = rows.orderBy("image_id").collectAsList();
        List<LabelledPixels> examples = new ArrayList<>();
        for (Row r : local) {
            boolean[] labels = new boolean[LABELS.size()];
            for (int j = 0; j < labels.length; j++) {
                labels[j] = r.getBoolean(r.fieldIndex(LABELS.get(j)));
            }
            examples.add(new LabelledPixels(r.getString(0), (byte[]) r.get(1), labels));
        }
        INDArray outputs = net.output(batches.toDataSet(examples).getFeatures(), false);
        float[] out = outputs.ravel().toFloatVector();
        double[] probabilities = new double[out.length];
        boolean[] truth = new boolean[out.length];
        double loss = 0;
        for (int i = 0; i < out.length; i++) {
            probabilities[i] = out[i];
            truth[i] = examples.get(i / LABELS.size()).labels()[i % LABELS.size()];
            loss += CrossEntropy.of(out[i], truth[i]);
        }
        loss /= out.length;
        Evaluation single = BinaryClassificationMetrics.evaluate("train", LABELS, probabilities, truth);

        assertTrue(local.size() > 20, "the split has " + local.size() + " rows");
        assertEquals(local.size(), distributed.examples());
        assertEquals("train", distributed.split());
        assertEquals(loss, distributed.loss(), 1e-5);
        for (int j = 0; j < LABELS.size(); j++) {
            LabelMetrics d = distributed.labels().get(j);
            LabelMetrics s = single.labels().get(j);
            assertEquals(LABELS.get(j), d.label());
            assertEquals(s.examples(), d.examples());
            assertEquals(s.positives(), d.positives());
            double[] dv = {d.accuracy(), d.balancedAccuracy(), d.precision(), d.recall(), d.f1(), d.auc()};
            double[] sv = {s.accuracy(), s.balancedAccuracy(), s.precision(), s.recall(), s.f1(), s.auc()};
            for (int m = 0; m < dv.length; m++) {
                assertEquals(sv[m], dv[m], 1e-5, LABELS.get(j) + " metric " + m);
            }
        }
        assertEquals(before, net.params(), "evaluation leaves the network as it was");
        assertEquals(out.length, net.output(batches.toDataSet(examples).getFeatures(), false).length(),
                "the live network still runs after its broadcast copy was destroyed");
    }

    @Test
    void aCallersJobDescriptionIsKeptAndOursIsNotLeftBehind() {
        MultiLayerNetwork net = TestModels.network(LABELS.size(), 3);
        Dataset<Row> rows = data.split(Split.VAL);
        var sc = spark().sparkContext();
        sc.setJobDescription(null);
        DistributedEvaluator.evaluate(spark(), net, rows, data.batches(ModelSpec.defaultLayout()), LABELS, "val", 16);
        assertNull(sc.getLocalProperty("spark.job.description"));

        sc.setJobDescription("epoch 4: evaluate val");
        try {
            Evaluation e = DistributedEvaluator.evaluate(spark(), net, rows, data.batches(ModelSpec.defaultLayout()),
                    LABELS, "val", 16);
            assertEquals(data.count(Split.VAL), e.examples());
            assertEquals("epoch 4: evaluate val", sc.getLocalProperty("spark.job.description"));
        } finally {
            sc.setJobDescription(null);
        }
    }
}
