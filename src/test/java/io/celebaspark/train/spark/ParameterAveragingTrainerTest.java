package io.celebaspark.train.spark;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.ValidationLoss;
import io.celebaspark.data.Split;
import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
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
import org.nd4j.nativeblas.NativeOpsHolder;
import scala.collection.JavaConverters;

import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.apache.spark.sql.functions.col;
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
        return network(updater, true);
    }

    /** As {@link #network(IUpdater)}; without BatchNorm a step is the plain mean over the batch. */
    private static MultiLayerNetwork network(IUpdater updater, boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build());
        if (batchNorm) {
            layers.layer(new BatchNormalization.Builder().activation(Activation.RELU).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(layers
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
    void minibatchFilesAreWrittenWithoutChecksumFilesAndReadBackThroughHadoop() throws IOException {
        String dir = scratch("batch-files") + "epoch";
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark().sparkContext().hadoopConfiguration());
        List<String> files = BatchFiles.write(train, 8, 42, 0, false, dir, hadoop);
        try (Stream<Path> written = Files.walk(shared.resolve("batch-files"))) {
            assertEquals(List.of(), written.filter(p -> p.getFileName().toString().endsWith(".crc")).toList(),
                    "no checksum files beside the minibatches");
        }
        org.apache.hadoop.fs.Path first = new org.apache.hadoop.fs.Path(files.get(0));
        FileSystem checksummed = first.getFileSystem(hadoop.get());
        assertTrue(checksummed instanceof ChecksumFileSystem, checksummed.getClass().getName());
        long rows = 0;
        for (String file : files) {
            try (InputStream in = checksummed.open(new org.apache.hadoop.fs.Path(file))) {
                rows += BatchFiles.readBatch(in, file).rows().size();
            }
        }
        assertEquals(trainCount, rows, "every row, read back as DL4J's loader reads it");
        BatchFiles.delete(dir, hadoop);
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
        // one averaging round per two worker steps (frequency 2), and the workers' steps lie inside the epoch
        RoundOverhead rounds = trainer.lastEpochRounds();
        assertEquals((large.updates() + 1) / 2, rounds.rounds());
        assertEquals(large.seconds(), rounds.epochSeconds());
        assertTrue(rounds.workerStepSeconds() > 0, rounds.toString());
        assertTrue(rounds.workerStepSeconds() / rounds.workers() < rounds.epochSeconds(), rounds.toString());
        assertTrue(rounds.overheadPerRound() > 0, rounds.toString());
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

    /** One epoch from the same initial network, seed and settings: the parameters it ends with. */
    private static INDArray oneEpoch(String scratch, boolean reuseWorkers) throws IOException {
        AveragingSettings settings = settings(scratch(scratch), 2).withReuseWorkers(reuseWorkers);
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(spark(), network(new Adam(0.01)), settings);
        trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 0, 42, 8, 0.01, true);
        return trainer.network().params().dup();
    }

    /**
     * Leaves every idle Spark task thread with an OpenMP team of {@code threads}, as an executor's thread that
     * loaded ND4J is left with 4 ({@code NativeOpsHolder}) while its other threads have one per task core.
     */
    private static void leaveTaskThreadsWithTeam(int threads) {
        JavaSparkContext.fromSparkContext(spark().sparkContext()).parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .foreach(i -> NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads));
    }

    @Test
    void theSameSeedGivesBitIdenticalParametersWhateverTeamTheTaskThreadsWereLeftWith() throws IOException {
        for (boolean reuseWorkers : new boolean[]{true, false}) {
            leaveTaskThreadsWithTeam(1);
            INDArray one = oneEpoch("team-1-" + reuseWorkers, reuseWorkers);
            leaveTaskThreadsWithTeam(3);
            INDArray three = oneEpoch("team-3-" + reuseWorkers, reuseWorkers);
            assertArrayEquals(one.toFloatVector(), three.toFloatVector(), "reuse workers " + reuseWorkers);
        }
    }

    // --- batch growth realised as scale-out (docs/scale-out.md): W changes per epoch, waves, the same maths ---

    private static ParameterAveragingTrainer plainSgdTrainer(String name) throws IOException {
        String scratch = Files.createDirectories(shared.resolve(name)).toUri().toString();
        return new ParameterAveragingTrainer(spark(), network(new Sgd(0.5), false),
                new AveragingSettings(2, 1, true, scratch, true));
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
        ParameterAveragingTrainer trainer = plainSgdTrainer("waves");
        Set<Object> cachedBefore = new HashSet<>(JavaConverters.mapAsJavaMap(
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
        assertEquals(cachedBefore, new HashSet<>(JavaConverters.mapAsJavaMap(
                spark().sparkContext().getPersistentRDDs()).keySet()), "an epoch leaves nothing cached to pin executors");
    }

    @Test
    void withPlainSgdScaleOutAndScaleUpTakeTheSameSteps() throws IOException {
        // One partition of 64 images: 4 rounds of 16 either way, the same images in the same round, because
        // each file of 8 images (scale-up: 2 workers x 8) holds exactly two consecutive files of 4 (4 workers x 4).
        Dataset<Row> rows = train.orderBy(col("image_id")).limit(64).coalesce(1);
        ParameterAveragingTrainer up = plainSgdTrainer("same-up");
        ParameterAveragingTrainer out = plainSgdTrainer("same-out");
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
