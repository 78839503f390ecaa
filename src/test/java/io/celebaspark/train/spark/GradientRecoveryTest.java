package io.celebaspark.train.spark;

import io.celebaspark.data.Split;
import io.celebaspark.fs.SerializableHadoopConf;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link GradientRecovery}'s table to DL4J M2's real updaters: in real parameter-averaging rounds (local
 * Spark, 2 workers, frequency 1, updater state averaged), every worker's recovered gradient equals
 * {@code computeGradientAndScore}'s gradient for the same parameters and batch (divided by the batch, as the
 * updater divides it), and the mean gradient the driver
 * recovers from its state before and after the round equals the mean of the workers' gradients.
 */
class GradientRecoveryTest extends SharedSparkSession {
    private static final int ROUNDS = 3;
    private static final int BATCH = 8;

    @TempDir
    static Path scratch;
    private static TensorDataset data;

    @BeforeAll
    static void preprocess() {
        data = TensorDataset.open(spark(), SyntheticTensors.data(spark(), 300, 16).toString(),
                List.of("Male", "Smiling", "Eyeglasses"));
    }

    static Stream<Arguments> optimisers() {
        return Stream.of(Arguments.of("sgd", new Sgd(0.05)), Arguments.of("nesterov", new Nesterovs(0.05, 0.9)),
                Arguments.of("adam", new Adam(0.01)));
    }

    /**
     * Records on the worker, around each step: DL4J's own gradient from a copy of the network before the step,
     * and the gradient recovered after it, as flat double vectors.
     */
    private static final class Recorder implements DataSetTrainingHook {
        private static final long serialVersionUID = 1L;
        private static final ThreadLocal<GradientRecovery.Before> BEFORE = new ThreadLocal<>();
        private static final ThreadLocal<INDArray> REFERENCE = new ThreadLocal<>();

        final CollectionAccumulator<double[][]> steps;

        Recorder(CollectionAccumulator<double[][]> steps) {
            this.steps = steps;
        }

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            MultiLayerNetwork copy = net.clone();
            copy.setInput(minibatch.getFeatures());
            copy.setLabels(minibatch.getLabels());
            copy.computeGradientAndScore();
            // the gradient of the loss summed over the batch: DL4J's updater divides it by the batch
            // (BaseMultiLayerUpdater.divideByMinibatch), so the step applies the mean gradient
            REFERENCE.set(flat(GradientRecovery.trainableSlices(copy, copy.gradient().gradient()))
                    .divi(minibatch.numExamples()));
            BEFORE.set(GradientRecovery.before(net));
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
            GradientRecovery.Step step = BEFORE.get().recover((MultiLayerNetwork) model);
            steps.add(new double[][]{flat(step.gradient()).toDoubleVector(), REFERENCE.get().toDoubleVector(),
                    {step.squaredNorm(), step.preconditionedSquaredNorm()}});
        }
    }

    static INDArray flat(List<INDArray> blocks) {
        return Nd4j.concat(0, blocks.stream().map(b -> b.reshape(b.length()).castTo(DataType.DOUBLE))
                .toArray(INDArray[]::new));
    }

    static double relativeError(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    @ParameterizedTest
    @MethodSource("optimisers")
    void theRecoveredGradientsAreDl4jsOwn(String name, IUpdater updater) throws IOException {
        MultiLayerNetwork driver = ParameterAveragingTrainerTest.network(updater);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        CollectionAccumulator<double[][]> steps = sc.sc().collectionAccumulator("recovered gradients");
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(2, BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(1).saveUpdater(true).workerPrefetchNumBatches(0)
                .repartionData(Repartition.Never).storageLevelStreams(null).trainingHooks(new Recorder(steps)).build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, driver, master);
        String dir = Files.createDirectories(scratch.resolve(name)).toUri().toString();
        List<String> files = BatchFiles.write(data.split(Split.TRAIN), BATCH, 42, 1, false, dir,
                new SerializableHadoopConf(sc.hadoopConfiguration()));
        BatchFileLoader loader = new BatchFileLoader(data.batches(CNN2DFormat.NCHW));
        double worstWorker = 0;
        double worstMean = 0;
        for (int round = 0; round < ROUNDS; round++) {
            GradientRecovery.Before before = GradientRecovery.before(driver);
            sparkNet.fitPaths(sc.parallelize(files.subList(2 * round, 2 * round + 2), 2), loader);
            List<double[][]> recorded = steps.value();
            steps.reset();
            assertEquals(2, recorded.size(), "one step per worker in round " + round);
            INDArray sum = null;
            for (double[][] step : recorded) {
                INDArray recovered = Nd4j.createFromArray(step[0]);
                INDArray reference = Nd4j.createFromArray(step[1]);
                assertTrue(reference.norm2Number().doubleValue() > 0, "a gradient to compare");
                worstWorker = Math.max(worstWorker, relativeError(recovered, reference));
                assertEquals(recovered.norm2Number().doubleValue() * recovered.norm2Number().doubleValue(), step[2][0],
                        1e-9 * step[2][0], "the squared norm is the recovered gradient's");
                assertEquals(name.equals("adam"), !Double.isNaN(step[2][1]), "a preconditioned norm for Adam only");
                sum = sum == null ? recovered : sum.add(recovered);
            }
            GradientRecovery.Step mean = before.recover(driver);
            worstMean = Math.max(worstMean, relativeError(flat(mean.gradient()), sum.div(2)));
        }
        System.out.printf(Locale.ROOT, "%s: largest relative error of a worker's recovered gradient %.2e, of the"
                + " driver's mean gradient %.2e%n", name, worstWorker, worstMean);
        assertTrue(worstWorker < 1e-4, name + ": a worker's recovered gradient is off by " + worstWorker);
        assertTrue(worstMean < 1e-5, name + ": the driver's mean gradient is off by " + worstMean);
    }
}
