package io.celebaspark.bench;

import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.train.TrainSettings;
import io.celebaspark.train.spark.AveragingSettings;
import io.celebaspark.train.spark.EpochFit;
import io.celebaspark.train.spark.ParameterAveragingTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * What the project's averaging round ({@code train.spark.reuse-workers = true}) saves over DL4J's stock master:
 * the same network, seed, synthetic images and epochs through {@link ParameterAveragingTrainer} on both
 * paths, side by side in one run with the order alternating per repeat (a busy machine slows both alike).
 * Prints examples/s and seconds per averaging round (an epoch's wall time, its minibatch files included,
 * over its rounds), the ratio, the time saved per round, and whether both paths ended with the same
 * parameters. A benchmark, not a test: it reports, never fails on a number.
 */
public final class RoundBenchmark {
    /**
     * @param settings   the {@code train.*} settings (architecture, labels, optimiser, batch per worker, averaging)
     * @param size       image height and width
     * @param images     synthetic images per epoch
     * @param repeats    timed epochs per path, after one warm-up epoch each
     * @param scratchDir where the trainers write their minibatch files
     */
    public record Options(TrainSettings settings, int size, int images, int repeats, String scratchDir) {
    }

    private static final int CHANNELS = 3;

    private final SparkSession spark;
    private final PrintStream out;

    public RoundBenchmark(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public void run(Options o) {
        TrainSettings t = o.settings();
        ModelSpec spec = t.modelSpec(o.size(), o.size(), CHANNELS);
        AveragingSettings averaging = t.averaging(o.scratchDir());
        List<ParameterAveragingTrainer> trainers = List.of(
                new ParameterAveragingTrainer(spark, network(spec, t), averaging.withReuseWorkers(false)),
                new ParameterAveragingTrainer(spark, network(spec, t), averaging.withReuseWorkers(true)));
        List<String> names = List.of(ParameterAveragingTrainer.describe(false), ParameterAveragingTrainer.describe(true));
        int workers = trainers.get(0).workers();
        SyntheticImages images = SyntheticImages.draw(Math.max(o.images(), t.batchPerWorker() * workers), CHANNELS,
                o.size(), t.labels(), t.seed());
        TensorBatches batches = images.batches(spec.layout());
        Dataset<Row> rows = images.rows(spark, workers);

        out.printf(Locale.ROOT, "round benchmark: %s %dx%d %s, %,d images, %s, %d workers x %d, averaging every %d"
                        + " steps, updaters %s, master %s, %d repeats; load before %s%n", t.architecture(), o.size(),
                o.size(), spec.layout(), rows.count(), t.optimizer(), workers, t.batchPerWorker(),
                t.averagingFrequency(), t.averageUpdaters() ? "averaged" : "not averaged", spark.sparkContext().master(),
                o.repeats(), load());
        double[][] rate = new double[2][o.repeats()];
        double[][] perRound = new double[2][o.repeats()];
        for (ParameterAveragingTrainer trainer : trainers) { // warm-up: JIT, workspaces, oneDNN primitives
            trainer.fitEpoch(rows, batches, 0, t.seed(), t.batchPerWorker(), t.learningRate(), t.flip());
        }
        for (int r = 0; r < o.repeats(); r++) {
            for (int k = 0; k < 2; k++) {
                int path = (r + k) % 2;
                EpochFit fit = trainers.get(path).fitEpoch(rows, batches, r + 1, t.seed(), t.batchPerWorker(),
                        t.learningRate(), t.flip());
                long rounds = (fit.updates() + t.averagingFrequency() - 1) / t.averagingFrequency();
                rate[path][r] = fit.examplesPerSecond();
                perRound[path][r] = fit.seconds() / rounds;
            }
            out.printf(Locale.ROOT, "  repeat %d: stock %.1f ex/s, %.0f ms/round; reusing %.1f ex/s, %.0f ms/round;"
                            + " load %s%n", r + 1, rate[0][r], perRound[0][r] * 1e3, rate[1][r], perRound[1][r] * 1e3,
                    load());
        }
        rows.unpersist();

        out.printf(Locale.ROOT, "%n%-72s %-20s %-20s%n", "averaging round", "examples/s", "ms per round");
        for (int path = 0; path < 2; path++) {
            out.printf(Locale.ROOT, "%-72s %-20s %-20s%n", names.get(path), Spread.of(rate[path]).format("%.1f"),
                    Spread.of(perRound[path]).times(1e3).format("%.0f"));
        }
        double stockRound = Spread.of(perRound[0]).median();
        double reusingRound = Spread.of(perRound[1]).median();
        out.printf(Locale.ROOT, "reusing / stock examples/s (medians): %.3f; saved per round: %.0f ms (%.0f%%)%n",
                Spread.of(rate[1]).median() / Spread.of(rate[0]).median(), (stockRound - reusingRound) * 1e3,
                100 * (stockRound - reusingRound) / stockRound);
        boolean same = trainers.get(0).network().params().equals(trainers.get(1).network().params());
        out.println("same parameters at the end on both paths: " + (same ? "yes (bitwise)" : "NO"));
        out.println("load after: " + load());
    }

    private static MultiLayerNetwork network(ModelSpec spec, TrainSettings t) {
        return NetworkFactory.network(spec, t.optimizer().updater(t.learningRate(), t.momentum()));
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
