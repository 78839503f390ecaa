package io.celebaspark.train.spark;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.ValidationLoss;
import io.celebaspark.data.Split;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
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
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
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
import scala.collection.JavaConverters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    static MultiLayerNetwork network(IUpdater updater) {
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
        return new AveragingSettings(2, frequency, true, scratch, true);
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

    private static AveragingSettings stockSettings(String scratch, int frequency) {
        return settings(scratch, frequency).withReuseWorkers(false);
    }

    private static INDArray updaterState(MultiLayerNetwork net) {
        return net.getUpdater().getStateViewArray();
    }

    @Test
    void theReusingRoundComputesWhatTheStockMasterDoesAcrossEpochsBatchesAndLearningRates() throws IOException {
        ParameterAveragingTrainer stock = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                stockSettings(scratch("parity-stock"), 2));
        ParameterAveragingTrainer reusing = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                settings(scratch("parity-reusing"), 2));
        int[] batchPerWorker = {4, 8, 6};
        double[] learningRate = {0.01, 0.003, 0.001};
        for (int epoch = 0; epoch < 3; epoch++) {
            EpochFit s = stock.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, batchPerWorker[epoch],
                    learningRate[epoch], true);
            EpochFit r = reusing.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, batchPerWorker[epoch],
                    learningRate[epoch], true);
            assertEquals(s.examples(), r.examples());
            assertEquals(s.updates(), r.updates());
            assertEquals(s.trainLoss(), r.trainLoss(), 1e-6, "epoch " + epoch);
            MultiLayerNetwork a = stock.network();
            MultiLayerNetwork b = reusing.network();
            assertTrue(a.params().equalsWithEps(b.params(), 1e-6), "parameters after epoch " + epoch);
            assertTrue(updaterState(a).equalsWithEps(updaterState(b), 1e-6), "Adam's moments after epoch " + epoch);
            assertEquals(a.getIterationCount(), b.getIterationCount());
        }
        assertTrue(stock.network().params().equals(reusing.network().params()), "bitwise equal parameters");
        assertTrue(updaterState(stock.network()).equals(updaterState(reusing.network())), "bitwise equal state");
    }

    /** Counts the Spark jobs (and those that are DL4J's per-round count) while an epoch trains. */
    private static final class JobCounter extends SparkListener {
        final AtomicInteger jobs = new AtomicInteger();
        final AtomicInteger countJobs = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
            if (JavaConverters.seqAsJavaList(start.stageInfos()).stream()
                    .anyMatch(stage -> stage.name().startsWith("count at ParameterAveragingTrainingMaster"))) {
                countJobs.incrementAndGet();
            }
        }
    }

    private static JobCounter countJobs(ParameterAveragingTrainer trainer, long epoch) throws TimeoutException {
        JobCounter counter = new JobCounter();
        spark().sparkContext().addSparkListener(counter);
        try {
            EpochFit fit = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), (int) epoch, 42, 8, 0.01, false);
            assertTrue(fit.updates() > 1, "several rounds: " + fit);
            spark().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark().sparkContext().removeSparkListener(counter);
        }
        return counter;
    }

    @Test
    void theReusingRoundRunsNoCountJob() throws IOException, TimeoutException {
        JobCounter stock = countJobs(new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                stockSettings(scratch("jobs-stock"), 1)), 0);
        JobCounter reusing = countJobs(new ParameterAveragingTrainer(spark(), network(new Adam(0.01)),
                settings(scratch("jobs-reusing"), 1)), 0);
        // frequency 1, 2 workers, 8 per worker: one round per 16 images
        long rounds = (trainCount + 15) / 16;
        assertEquals(rounds, stock.countJobs.get(), "the stock master counts every round");
        assertEquals(0, reusing.countJobs.get());
        assertEquals(stock.jobs.get() - rounds, reusing.jobs.get(), "otherwise the same jobs");
    }

    @Test
    void eachRoundDestroysThePreviousBroadcastAndLeavesTheDriversNetworkAlone() {
        MultiLayerNetwork net = network(new Adam(0.01));
        INDArray before = net.params().dup();
        ReusingTrainingMaster master = new ReusingTrainingMaster(
                new ParameterAveragingTrainingMaster.Builder(2, 8).batchSizePerWorker(8), "broadcasts");
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(JavaSparkContext.fromSparkContext(spark().sparkContext()),
                net, master);
        ReusingTrainingWorker first = (ReusingTrainingWorker) master.getWorkerInstance(sparkNet);
        ReusingTrainingWorker second = (ReusingTrainingWorker) master.getWorkerInstance(sparkNet);
        assertFalse(first.broadcast().isValid(), "the first round's broadcast is destroyed");
        assertTrue(second.broadcast().isValid());
        master.destroyBroadcast();
        assertFalse(second.broadcast().isValid(), "the last one when the epoch ends");
        assertEquals(before, net.params(), "the driver's parameters are intact");
    }

    @Test
    void aReusedNetworkTakesTheRoundsStateAsACopy() {
        MultiLayerNetwork driver = network(new Adam(0.01));
        driver.getLayerWiseConfigurations().setIterationCount(5);
        ReusingTrainingMaster master = new ReusingTrainingMaster(
                new ParameterAveragingTrainingMaster.Builder(2, 8).batchSizePerWorker(8), "copies");
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(JavaSparkContext.fromSparkContext(spark().sparkContext()),
                driver, master);
        MultiLayerNetwork built = master.getWorkerInstance(sparkNet).getInitialModel();
        built.params().addi(1);
        updaterState(built).addi(1);
        driver.setLearningRate(0.002);
        driver.getLayerWiseConfigurations().setIterationCount(9);
        driver.getLayerWiseConfigurations().setEpochCount(3);
        MultiLayerNetwork reused = master.getWorkerInstance(sparkNet).getInitialModel();
        master.destroyBroadcast();
        assertTrue(reused == built, "the thread's network is reused");
        assertEquals(driver.params(), reused.params());
        assertEquals(updaterState(driver), updaterState(reused));
        assertFalse(reused.params().data() == driver.params().data(), "copied, not aliased");
        reused.params().addi(1);
        assertFalse(driver.params().equals(reused.params()));
        assertEquals(0.002, reused.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W")
                .getLearningRate(0, 0), 1e-12);
        assertEquals(9, reused.getIterationCount());
        assertEquals(3, reused.getEpochCount());
    }

    @Test
    void theStructureKeyIgnoresWhatIsCopiedEachRoundButNotTheNetwork() {
        MultiLayerNetwork net = network(new Adam(0.01));
        String key = ReusingTrainingMaster.structureKey(net.getLayerWiseConfigurations());
        net.setLearningRate(0.5);
        net.getLayerWiseConfigurations().setIterationCount(17);
        assertEquals(key, ReusingTrainingMaster.structureKey(net.getLayerWiseConfigurations()));
        assertEquals(0.5, net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W")
                .getLearningRate(0, 0), 1e-12, "the key leaves the configuration alone");
        MultiLayerNetwork other = network(new Adam(0.01));
        other.getLayerWiseConfigurations().getConf(4).getLayer().setLayerName("renamed");
        assertNotEquals(key, ReusingTrainingMaster.structureKey(other.getLayerWiseConfigurations()));
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
