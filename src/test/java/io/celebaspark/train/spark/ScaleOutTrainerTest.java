package io.celebaspark.train.spark;

import io.celebaspark.data.Split;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's side of a batch growth realised as scale-out (docs/scale-out.md), on local[2]: the worker count
 * changes per epoch, a round of more workers than task slots runs in waves and still trains every image once,
 * and with plain SGD averaging every step the two realisations of one growth compute the same parameters.
 */
class ScaleOutTrainerTest extends SharedSparkSession {
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");

    @TempDir
    static Path shared;
    private static TensorDataset data;
    private static Dataset<Row> train;
    private static long trainCount;

    @BeforeAll
    static void preprocess() {
        data = TensorDataset.open(spark(), SyntheticTensors.data(spark(), 300, 16).toString(), LABELS);
        train = data.split(Split.TRAIN).cache();
        trainCount = train.count();
    }

    /** Convolution, global average pooling, sigmoid outputs; no BatchNorm, no dropout: the step is the batch mean. */
    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.FLOAT).updater(new Sgd(0.5)).weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(LABELS.size())
                        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(16, 16, 3))
                .build());
        net.init();
        return net;
    }

    private static ParameterAveragingTrainer trainer(String name) throws IOException {
        String scratch = Files.createDirectories(shared.resolve(name)).toUri().toString();
        return new ParameterAveragingTrainer(spark(), network(), new AveragingSettings(2, 1, true, scratch, true));
    }

    /** The task counts of the stages submitted while {@code body} runs. */
    private static List<Integer> stageTasks(Runnable body) throws TimeoutException {
        ConcurrentLinkedQueue<Integer> tasks = new ConcurrentLinkedQueue<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                tasks.add(submitted.stageInfo().numTasks());
            }
        };
        spark().sparkContext().addSparkListener(listener);
        try {
            body.run();
            spark().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark().sparkContext().removeSparkListener(listener);
        }
        return List.copyOf(tasks);
    }

    @Test
    void moreWorkersThanSlotsRunInWavesAndTrainEveryImageOnce() throws IOException, TimeoutException {
        ParameterAveragingTrainer trainer = trainer("waves");
        Set<Object> cachedBefore = new HashSet<>(scala.collection.JavaConverters.mapAsJavaMap(
                spark().sparkContext().getPersistentRDDs()).keySet());
        EpochFit[] fits = new EpochFit[2];
        List<Integer> tasks = stageTasks(() -> {
            fits[0] = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 1, 42, 8, 2, 0.1, false);
            fits[1] = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 2, 42, 8, 4, 0.1, false);
        });
        assertEquals(trainCount, fits[0].examples());
        assertEquals(trainCount, fits[1].examples(), "4 workers on 2 slots still train every image once");
        // every worker step takes one file of 8 images (a partition's last file may be short)
        assertEquals(trainCount / (2.0 * 8), fits[0].updates(), 2, fits[0].toString());
        assertEquals(trainCount / (4.0 * 8), fits[1].updates(), 2, fits[1].toString());
        assertTrue(tasks.stream().filter(t -> t == 4).count() >= fits[1].updates(),
                "every round of epoch 2 is a stage of 4 tasks on local[2]: " + tasks);
        assertEquals(2, spark().sparkContext().defaultParallelism(), "the slots stay 2");
        assertEquals(cachedBefore, new HashSet<>(scala.collection.JavaConverters.mapAsJavaMap(
                spark().sparkContext().getPersistentRDDs()).keySet()), "an epoch leaves nothing cached to pin executors");
    }

    @Test
    void withPlainSgdScaleOutAndScaleUpTakeTheSameSteps() throws IOException {
        // One partition of 64 images: 4 rounds of 16 either way, the same images in the same round, because
        // each file of 8 images (scale-up: 2 workers x 8) holds exactly two consecutive files of 4 (4 workers x 4).
        Dataset<Row> rows = train.orderBy(col("image_id")).limit(64).coalesce(1);
        ParameterAveragingTrainer up = trainer("same-up");
        ParameterAveragingTrainer out = trainer("same-out");
        INDArray start = up.network().params().dup();
        assertEquals(start, out.network().params(), "the same initial parameters");
        EpochFit upFit = up.fitEpoch(rows, data.batches(CNN2DFormat.NCHW), 1, 42, 8, 2, 0.5, false);
        EpochFit outFit = out.fitEpoch(rows, data.batches(CNN2DFormat.NCHW), 1, 42, 4, 4, 0.5, false);
        assertEquals(64, upFit.examples());
        assertEquals(64, outFit.examples());
        assertEquals(4, upFit.updates());
        assertEquals(4, outFit.updates());
        INDArray a = up.network().params();
        INDArray b = out.network().params();
        double moved = a.sub(start).norm2Number().doubleValue() / start.norm2Number().doubleValue();
        double differ = a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
        assertTrue(moved > 1e-3, "training moved the parameters by " + moved);
        assertTrue(differ < 1e-5, "scale-out and scale-up differ by " + differ + " (relative), moved " + moved);
    }
}
