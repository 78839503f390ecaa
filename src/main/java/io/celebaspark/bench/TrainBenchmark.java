package io.celebaspark.bench;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.data.Split;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.train.TrainSettings;
import io.celebaspark.train.data.TensorDataset;
import io.celebaspark.train.spark.AveragingSettings;
import io.celebaspark.train.spark.EpochFit;
import io.celebaspark.train.spark.ParameterAveragingTrainer;
import io.celebaspark.train.spark.SingleJvmTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * Does parameter averaging on Spark learn as well, per epoch, as one JVM, and how fast? Trains the same
 * freshly initialised network, at the same global batch, seeds and data order policy, once through
 * {@link ParameterAveragingTrainer} (workers = the master's parallelism) and once through
 * {@link SingleJvmTrainer}, side by side in one run, and prints per epoch the train loss, the val loss
 * (scored in the driver) and examples/s of both, with the ratios. A benchmark, not a test: it reports,
 * it never fails on a number.
 */
public final class TrainBenchmark {
    /**
     * What the benchmark runs: the training settings ({@code train.*}, the same keys as the train command;
     * {@code train.epochs} epochs per trainer), how often, on how many train images (0 = all), and where
     * the Spark trainer's minibatch files go.
     */
    public record Options(TrainSettings settings, int repeats, int trainImages, String scratchDir) {
    }

    private interface Trainer {
        EpochFit fit(Dataset<Row> rows, TensorBatches batches, int epoch, long seed, int batchPerWorker, double lr,
                     boolean flip);
    }

    private final SparkSession spark;
    private final PrintStream out;

    public TrainBenchmark(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public void run(String dataDir, Options o) {
        TrainSettings t = o.settings();
        TensorDataset data = TensorDataset.open(spark, dataDir, t.labels());
        Manifest m = data.manifest();
        ModelSpec spec = t.modelSpec(m);
        TensorBatches batches = data.batches(spec.layout());
        Dataset<Row> train = data.split(Split.TRAIN);
        if (o.trainImages() > 0) {
            train = train.orderBy(col("image_id")).limit(o.trainImages()).repartition(2).cache();
        }
        long trainCount = train.count();
        ValidationLoss val = ValidationLoss.collect(data.split(Split.VAL), batches);
        AveragingSettings averaging = t.averaging(o.scratchDir());
        int epochs = t.schedule().epochBudget();
        int workers = new ParameterAveragingTrainer(spark, network(spec, t), averaging).workers();
        int perWorker = t.batchPerWorker();
        out.printf(Locale.ROOT, "train benchmark: %s, %s lr %s, %,d train / %,d val images %dx%d, global batch %d"
                        + " (Spark: %d workers x %d, averaging every %d steps, updaters %s), master %s, %d repeat(s)%n",
                t.architecture(), ConfigReader.configName(t.optimizer()), t.learningRate(), trainCount, val.examples(),
                m.height(), m.width(), perWorker * workers, workers, perWorker, averaging.averagingFrequency(),
                averaging.averageUpdaters() ? "averaged" : "not averaged", spark.sparkContext().master(), o.repeats());

        double[][][] spark = new double[3][epochs][o.repeats()]; // train loss, val loss, examples/s
        double[][][] jvm = new double[3][epochs][o.repeats()];
        for (int r = 0; r < o.repeats(); r++) {
            ParameterAveragingTrainer s = new ParameterAveragingTrainer(this.spark, network(spec, t), averaging);
            SingleJvmTrainer j = new SingleJvmTrainer(network(spec, t), workers);
            for (int e = 0; e < epochs; e++) {
                record(spark, e, r, s::fitEpoch, s.network(), train, batches, val, o, perWorker);
                record(jvm, e, r, j::fitEpoch, j.network(), train, batches, val, o, perWorker);
                out.printf(Locale.ROOT, "  repeat %d epoch %d: Spark val %.4f (%.1f ex/s), JVM val %.4f (%.1f ex/s)%n",
                        r + 1, e + 1, spark[1][e][r], spark[2][e][r], jvm[1][e][r], jvm[2][e][r]);
            }
        }
        out.printf(Locale.ROOT, "%-5s | %-29s | %-29s | %-22s | %s%n", "epoch", "train loss (Spark / JVM)",
                "val loss (Spark / JVM)", "val ratio Spark/JVM", "examples/s Spark / JVM (min-median-max), ratio");
        for (int e = 0; e < epochs; e++) {
            out.printf(Locale.ROOT, "%-5d | %13.4f / %13.4f | %13.4f / %13.4f | %22.2f | %s / %s, %.2f%n", e + 1,
                    median(spark[0][e]), median(jvm[0][e]), median(spark[1][e]), median(jvm[1][e]),
                    median(spark[1][e]) / median(jvm[1][e]), Spread.of(spark[2][e]).format("%.1f"),
                    Spread.of(jvm[2][e]).format("%.1f"),
                    median(spark[2][e]) / median(jvm[2][e]));
        }
        double[] sparkRate = Arrays.stream(spark[2]).flatMapToDouble(Arrays::stream).toArray();
        double[] jvmRate = Arrays.stream(jvm[2]).flatMapToDouble(Arrays::stream).toArray();
        out.printf(Locale.ROOT, "ratio  throughput Spark / JVM (median over epochs and repeats) = %.2f%n",
                median(sparkRate) / median(jvmRate));
        out.printf(Locale.ROOT, "ratio  val loss Spark / JVM after epoch %d = %.2f   (goal <= 1.10)%n", epochs,
                median(spark[1][epochs - 1]) / median(jvm[1][epochs - 1]));
    }

    private static void record(double[][][] into, int epoch, int repeat, Trainer trainer, MultiLayerNetwork net,
                               Dataset<Row> train, TensorBatches batches, ValidationLoss val, Options o, int perWorker) {
        TrainSettings t = o.settings();
        EpochFit fit = trainer.fit(train, batches, epoch, t.seed(), perWorker, t.learningRate(), t.flip());
        into[0][epoch][repeat] = fit.trainLoss();
        into[1][epoch][repeat] = val.of(net);
        into[2][epoch][repeat] = fit.examplesPerSecond();
    }

    private static MultiLayerNetwork network(ModelSpec spec, TrainSettings t) {
        return NetworkFactory.network(spec, t.optimizer().updater(t.learningRate(), t.momentum()));
    }

    private static double median(double[] values) {
        return Spread.of(values).median();
    }
}
