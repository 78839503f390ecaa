package io.celebaspark.train.spark;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.ValidationLoss;
import io.celebaspark.data.Split;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
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
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local-mode tests of DL4J parameter averaging through {@link ParameterAveragingTrainer}, on 16×16
 * synthetic faces and a small network, so that a few epochs take seconds.
 */
class ParameterAveragingTrainerTest extends SharedSparkSession {
    private static final List<String> LABELS = List.of("Male", "Smiling", "Eyeglasses");

    @TempDir
    static Path shared;
    private static TensorDataset data;
    private static Dataset<Row> train;
    private static long trainCount;

    @BeforeAll
    static void preprocess() throws IOException {
        data = TensorDataset.open(spark(), SyntheticTensors.data(spark(), 300, 16).toString(), LABELS);
        train = data.split(Split.TRAIN).cache();
        trainCount = train.count();
    }

    /** Conv-BN-conv, global average pooling, one sigmoid per label: fast, and has BatchNorm statistics. */
    private static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(16).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(LABELS.size())
                        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(16, 16, 3))
                .build());
        net.init();
        return net;
    }

    private static AveragingSettings settings(String scratch, int frequency) {
        return new AveragingSettings(2, frequency, true, scratch);
    }

    private static String scratch(String name) throws IOException {
        return Files.createDirectories(shared.resolve(name)).toUri().toString();
    }

    private static long filesUnder(String name) throws IOException {
        try (Stream<Path> files = Files.walk(shared.resolve(name))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void trainingLowersTheLossSeesEveryImageAndLeavesNoFilesBehind() throws IOException {
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                settings(scratch("train"), 1));
        ValidationLoss val = ValidationLoss.collect(data.split(Split.VAL), data.batches(CNN2DFormat.NCHW));
        double before = val.of(trainer.network());
        EpochFit first = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, 42, 8, 0.01, true);
        assertEquals(0, filesUnder("train"), "the epoch's minibatch files are deleted");
        EpochFit last = null;
        for (int epoch = 1; epoch < 4; epoch++) {
            last = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, 8, 0.01, true);
        }
        assertEquals(trainCount, first.examples());
        assertEquals(trainCount, last.examples());
        assertTrue(last.trainLoss() < first.trainLoss() * 0.9, first + " -> " + last);
        assertTrue(val.of(trainer.network()) < before * 0.9, "val loss " + before + " -> " + val.of(trainer.network()));
        assertTrue(first.seconds() > 0);
    }

    @Test
    void doublingTheBatchPerWorkerHalvesTheUpdates() throws IOException {
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                settings(scratch("growth"), 2));
        EpochFit small = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, 42, 4, 0.01, false);
        EpochFit large = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 1, 42, 8, 0.01, false);
        // every worker step takes one file of batchPerWorker images (a partition's last file may be short)
        assertEquals(trainCount / (2.0 * 4), small.updates(), 2, small.toString());
        assertEquals(trainCount / (2.0 * 8), large.updates(), 2, large.toString());
        assertTrue(large.updates() * 2 <= small.updates() + 2, small + " vs " + large);
        assertEquals(trainCount, large.examples());
    }

    @Test
    void theLearningRateSetOnTheDriverReachesTheWorkers() throws IOException {
        MultiLayerNetwork tiny = network(new Sgd(0.05));
        MultiLayerNetwork normal = network(new Sgd(0.05));
        INDArray start = tiny.getLayer(0).getParam("W").dup();
        new ParameterAveragingTrainer(spark(), tiny, settings(scratch("lr-tiny"), 1))
                .fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, 42, 8, 1e-6, false);
        new ParameterAveragingTrainer(spark(), normal, settings(scratch("lr-normal"), 1))
                .fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, 42, 8, 0.05, false);
        double tinyMove = tiny.getLayer(0).getParam("W").sub(start).norm2Number().doubleValue();
        double normalMove = normal.getLayer(0).getParam("W").sub(start).norm2Number().doubleValue();
        assertTrue(normalMove > 0, "training moves the weights");
        assertTrue(tinyMove < normalMove * 1e-3, "lr 1e-6 moved " + tinyMove + ", lr 0.05 moved " + normalMove);
        assertEquals(1e-6, tiny.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W")
                .getLearningRate(0, 0), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameParametersAndAnotherSeedOthers() throws IOException {
        INDArray[] params = new INDArray[3];
        long[] seeds = {42, 42, 43};
        for (int i = 0; i < 3; i++) {
            ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                    settings(scratch("seed-" + i), 2));
            trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, seeds[i], 8, 0.01, true);
            params[i] = trainer.network().params().dup();
        }
        assertTrue(params[0].equalsWithEps(params[1], 1e-5), "same seed, same parameters");
        assertFalse(params[0].equalsWithEps(params[2], 1e-3), "another seed, another order");
    }

    @Test
    void sparkLearnsAboutAsWellAsOneJvmPerEpoch() throws IOException {
        ParameterAveragingTrainer spark = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                AppConfig.load(null, Map.of()).train().averaging(scratch("parity")));
        SingleJvmTrainer jvm = new SingleJvmTrainer(network(new Adam(0.01)), spark.workers());
        ValidationLoss val = ValidationLoss.collect(data.split(Split.VAL), data.batches(CNN2DFormat.NCHW));
        for (int epoch = 0; epoch < 3; epoch++) {
            EpochFit s = spark.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, 8, 0.01, true);
            EpochFit j = jvm.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, 8, 0.01, true);
            assertEquals(j.examples(), s.examples());
        }
        double sparkLoss = val.of(spark.network());
        double jvmLoss = val.of(jvm.network());
        assertTrue(sparkLoss < jvmLoss * 1.5, "Spark val loss " + sparkLoss + " vs one JVM " + jvmLoss);
    }

    @Test
    void aSessionWithoutNd4jKryoIsRefusedNamingBothSettings() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkSessions.requireNd4jKryo(new SparkConf(false)));
        assertTrue(e.getMessage().contains("spark.serializer=org.apache.spark.serializer.KryoSerializer")
                && e.getMessage().contains("spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator"), e.getMessage());
        SparkSessions.requireNd4jKryo(SparkSessions.withNd4jKryo(new SparkConf(false)));
    }
}
