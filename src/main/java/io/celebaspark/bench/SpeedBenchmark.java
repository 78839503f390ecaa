package io.celebaspark.bench;

import io.celebaspark.model.ForwardFlops;
import io.celebaspark.model.LabelledPixels;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.model.TensorBatches;
import io.celebaspark.train.TrainSettings;
import io.celebaspark.train.spark.ParameterAveragingTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast does DL4J train the {@code compact} network, against PyTorch and against the machine? Prints, side
 * by side in one run (repeats interleaved, so a busy machine slows every competitor alike), min/median/max
 * examples/s and achieved GFLOP/s (3 × forward FLOPs × examples/s, {@link ForwardFlops}) of:
 * <ol>
 *   <li>one JVM: {@code MultiLayerNetwork.fit} on prepared minibatches at the global batch;</li>
 *   <li>Spark through the real training path: {@link ParameterAveragingTrainer} epochs (minibatch files,
 *   one averaging round per step with the defaults, updaters averaged) at the same global batch;</li>
 *   <li>PyTorch, a model of exactly the same shape at the same batch, input and thread count
 *   ({@link TorchRunner});</li>
 *   <li>the ceiling: one large 1×1 convolution through ND4J/oneDNN in both layouts
 *   ({@link ConvolutionCeiling}), and the same convolution in PyTorch for comparison;</li>
 * </ol>
 * each as a fraction of the ceiling, with the ratios to PyTorch; then where a step's time goes, DL4J beside PyTorch
 * ({@link StepBreakdown}: convolution forward and backward, BatchNorm, pooling, ReLU, everything else; DL4J's
 * layers timed by {@link Dl4jStepProfiler}, PyTorch's operations by {@code torch.profiler}), with the Spark round's
 * own overhead ({@link io.celebaspark.train.spark.RoundTimes}). All on synthetic images drawn in process
 * ({@link SyntheticImages}): no data folder needed. A benchmark, not a test: it reports, never fails on a
 * number.
 */
public final class SpeedBenchmark {
    /**
     * @param settings     the {@code train.*} settings (architecture, labels, optimiser, batch per worker, averaging)
     * @param size         image height and width
     * @param repeats      interleaved repeats of every measurement
     * @param steps        timed training steps per repeat, one JVM and PyTorch
     * @param sparkImages  images per Spark epoch (one epoch per repeat)
     * @param ceilingCalls timed 1×1 convolutions per repeat
     * @param scratchDir   where the Spark trainer writes its minibatch files
     * @param torch        the PyTorch side
     */
    public record Options(TrainSettings settings, int size, int repeats, int steps, int sparkImages, int ceilingCalls,
                          String scratchDir, TorchRunner torch) {
    }

    /**
     * What the rates of a run are measured against, for rows printed after it ({@link #printTrainJob}).
     *
     * @param trainingFlops  3 × forward FLOPs per example of the benchmarked network
     * @param ceilingGflops  the faster layout's median ceiling
     * @param torchRate      PyTorch's median examples/s (NaN when PyTorch was skipped)
     */
    public record Summary(double trainingFlops, double ceilingGflops, double torchRate) {
    }

    private static final int CHANNELS = 3;

    private final SparkSession spark;
    private final PrintStream out;

    public SpeedBenchmark(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public Summary run(Options o) {
        TrainSettings t = o.settings();
        ModelSpec spec = t.modelSpec(o.size(), o.size(), CHANNELS);
        double trainingFlops = 3.0 * ForwardFlops.of(spec);
        ParameterAveragingTrainer sparkTrainer = new ParameterAveragingTrainer(spark, network(spec, t),
                t.averaging(o.scratchDir()));
        int workers = sparkTrainer.workers();
        int batch = t.batchPerWorker() * workers;
        SyntheticImages images = SyntheticImages.draw(Math.max(o.sparkImages(), batch), CHANNELS, o.size(),
                t.labels(), t.seed());
        TensorBatches batches = images.batches(spec.layout());
        List<DataSet> jvmBatches = minibatches(images.images(), batches, batch, t.seed());
        Dataset<Row> rows = images.rows(spark, workers);
        MultiLayerNetwork jvmNet = network(spec, t);
        Dl4jStepProfiler profiler = Dl4jStepProfiler.wrap(network(spec, t));

        out.printf(Locale.ROOT, "speed benchmark: %s %dx%d %s, %d labels, %s, global batch %d (Spark: %d workers x %d,"
                        + " averaging every %d steps), %.1f MFLOP forward per example, master %s, %d repeats%n",
                t.architecture(), o.size(), o.size(), spec.layout(), t.labels().size(), t.optimizer(), batch, workers,
                t.batchPerWorker(), t.averagingFrequency(), trainingFlops / 3 / 1e6, spark.sparkContext().master(),
                o.repeats());
        out.println("  threads: OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)")
                + ", OMP_WAIT_POLICY=" + System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)")
                + ", PyTorch " + o.torch().threads() + "; load before: " + load());

        Map<String, double[]> m = new LinkedHashMap<>();
        String jvm = "DL4J one JVM: fit on prepared minibatches";
        String sparkRow = "DL4J Spark " + spark.sparkContext().master() + ": ParameterAveragingTrainer epoch";
        String torch = "PyTorch " + o.torch().threads() + " threads, same network";
        ConvolutionCeiling nchw = ConvolutionCeiling.standard(false);
        ConvolutionCeiling nhwc = ConvolutionCeiling.standard(true);
        String ceilingNchw = "ceiling: ND4J/oneDNN " + nchw.describe();
        String ceilingNhwc = "ceiling: ND4J/oneDNN " + nhwc.describe();
        String torchConv = "PyTorch " + nchw.describe();
        for (String key : List.of(jvm, sparkRow, torch, ceilingNchw, ceilingNhwc, torchConv)) {
            m.put(key, new double[o.repeats()]);
        }
        List<String> notes = new ArrayList<>();
        List<StepBreakdown> dl4jSteps = new ArrayList<>();
        List<StepBreakdown> torchSteps = new ArrayList<>();
        double[] roundOverhead = new double[o.repeats()];
        fitSteps(jvmNet, jvmBatches, 2); // warm-up: workspaces, oneDNN primitives, JIT
        profiler.profile(jvmBatches, 2);
        sparkTrainer.fitEpoch(rows, batches, 0, t.seed(), t.batchPerWorker(), t.learningRate(), t.flip());
        for (int r = 0; r < o.repeats(); r++) {
            m.get(ceilingNchw)[r] = nchw.gflops(o.ceilingCalls());
            m.get(ceilingNhwc)[r] = nhwc.gflops(o.ceilingCalls());
            m.get(jvm)[r] = batch * o.steps() / fitSteps(jvmNet, jvmBatches, o.steps());
            m.get(sparkRow)[r] = sparkTrainer.fitEpoch(rows, batches, r + 1, t.seed(), t.batchPerWorker(),
                    t.learningRate(), t.flip()).examplesPerSecond();
            roundOverhead[r] = sparkTrainer.lastEpochRounds().overheadPerRound();
            m.get(torch)[r] = value(o.torch().trainingRate(batch, o.size(), t.labels().size(), o.steps()), notes);
            dl4jSteps.add(profiler.profile(jvmBatches, o.steps()));
            TorchRunner.Profile torchStep = o.torch().stepProfile(batch, o.size(), t.labels().size(), o.steps());
            if (torchStep.failure() == null) {
                torchSteps.add(torchStep.breakdown());
            } else {
                notes.add(torchStep.failure());
            }
            m.get(torchConv)[r] = value(o.torch().convolutionRate(nchw, o.ceilingCalls()), notes);
            out.printf(Locale.ROOT, "  repeat %d: one JVM %.1f ex/s, Spark %.1f ex/s, PyTorch %.1f ex/s,"
                            + " ceiling %.1f / %.1f GFLOP/s (NCHW / NHWC), PyTorch 1x1 %.1f GFLOP/s; load %s%n", r + 1,
                    m.get(jvm)[r], m.get(sparkRow)[r], m.get(torch)[r], m.get(ceilingNchw)[r], m.get(ceilingNhwc)[r],
                    m.get(torchConv)[r], load());
        }
        rows.unpersist();
        notes.stream().distinct().forEach(n -> out.println("  note: PyTorch skipped: " + n));

        double ceiling = Math.max(Spread.of(m.get(ceilingNchw)).median(), Spread.of(m.get(ceilingNhwc)).median());
        double torchRate = Spread.of(m.get(torch)).median();
        out.printf(Locale.ROOT, "%n%-62s %-20s %-20s %9s %9s%n", "training " + t.architecture() + ", batch " + batch,
                "examples/s", "GFLOP/s", "/ceiling", "/PyTorch");
        out.printf(Locale.ROOT, "%-62s %-20s %-20s %9s %9s%n", "", "min-median-max", "min-median-max", "(median)",
                "(median)");
        Summary summary = new Summary(trainingFlops, ceiling, torchRate);
        for (String key : List.of(jvm, sparkRow, torch)) {
            printRate(key, Spread.of(m.get(key)), summary);
        }
        out.printf(Locale.ROOT, "%-62s %-20s %-20s %9s%n", "ceiling (GFLOP/s)", "", "", "");
        for (String key : List.of(ceilingNchw, ceilingNhwc, torchConv)) {
            Spread gflops = Spread.of(m.get(key));
            out.printf(Locale.ROOT, "%-62s %-20s %-20s %9.2f%n", key, "", gflops.format("%.1f"),
                    gflops.median() / ceiling);
        }
        out.printf(Locale.ROOT, "ratio  Spark / PyTorch = %.2f (goal >= 1.0), Spark / ceiling = %.2f (goal >= 0.50),"
                        + " one JVM / PyTorch = %.2f, Spark / one JVM = %.2f%n",
                Spread.of(m.get(sparkRow)).median() / torchRate,
                Spread.of(m.get(sparkRow)).median() * trainingFlops / 1e9 / ceiling,
                Spread.of(m.get(jvm)).median() / torchRate,
                Spread.of(m.get(sparkRow)).median() / Spread.of(m.get(jvm)).median());
        printBreakdown(batch, o, dl4jSteps, torchSteps, roundOverhead, profiler.reluInBatchNorm());
        out.println("load after: " + load());
        return summary;
    }

    /**
     * Prints the real train job's epochs ({@link TrainJobBenchmark}) as a row of the training table: training
     * examples/s against the ceiling and PyTorch of {@code summary}, and the epoch's wall time with validation.
     */
    public void printTrainJob(String data, TrainJobBenchmark.Result result, Summary summary) {
        out.printf(Locale.ROOT, "%n%-62s %-20s%n", "the train job on " + data + ", " + result.epochs().size()
                + " epochs", "min-median-max");
        out.printf(Locale.ROOT, "%-62s %-20s%n", "train job: epoch wall time, training + validation (s)",
                result.epochSeconds().format("%.1f"));
        printRate("train job: training examples/s, GFLOP/s", result.examplesPerSecond(), summary);
        out.println("load after: " + load());
    }

    private void printRate(String key, Spread rate, Summary summary) {
        Spread gflops = rate.times(summary.trainingFlops() / 1e9);
        out.printf(Locale.ROOT, "%-62s %-20s %-20s %9.2f %9.2f%n", key, rate.format("%.1f"), gflops.format("%.1f"),
                gflops.median() / summary.ceilingGflops(), rate.median() / summary.torchRate());
    }

    /** The side-by-side table of where a step's time goes ({@link StepBreakdown#table}). */
    private void printBreakdown(int batch, Options o, List<StepBreakdown> dl4jSteps, List<StepBreakdown> torchSteps,
                                double[] roundOverhead, boolean reluInBatchNorm) {
        StepBreakdown dl4j = StepBreakdown.mean(dl4jSteps);
        StepBreakdown torchStep = torchSteps.isEmpty() ? null : StepBreakdown.mean(torchSteps);
        out.printf(Locale.ROOT, "%nwhere a training step's time goes: one JVM, batch %d, mean of %d repeats x %d steps;"
                        + " DL4J: each layer's forward and backward call timed (Dl4jStepProfiler), PyTorch: torch.profiler's"
                        + " top-level operations; everything else = the step minus the parts above%n", batch,
                o.repeats(), o.steps());
        StepBreakdown.table("part of a step", dl4j, torchStep, Spread.of(roundOverhead).median()).forEach(out::println);
        out.println("  (Spark round's own overhead: median over repeats of the round's wall time minus the workers' mean"
                + " fit time; the DL4J step here is the profiled network's, the one-JVM row above is unprofiled)");
        if (reluInBatchNorm) {
            out.println("  (DL4J's ReLU is fused into BatchNorm, train.fused-relu: its BatchNorm rows include the ReLU,"
                    + " its ReLU row is 0)");
        }
        if (!dl4j.addsUp(0.02) || (torchStep != null && !torchStep.addsUp(0.02))) {
            out.println("  note: the measured parts exceed the step's wall time by more than 2%: read the parts with care");
        }
    }

    private static List<DataSet> minibatches(List<LabelledPixels> all, TensorBatches batches, int batch, long seed) {
        SplittableRandom flips = new SplittableRandom(seed);
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from + batch <= all.size(); from += batch) {
            out.add(batches.toDataSet(all.subList(from, from + batch), flips));
        }
        return out;
    }

    /** Seconds for {@code steps} steps, cycling through the minibatches. */
    private static double fitSteps(MultiLayerNetwork net, List<DataSet> batches, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double value(TorchRunner.Result result, List<String> notes) {
        if (!result.ok()) {
            notes.add(result.failure());
        }
        return result.value();
    }

    private static MultiLayerNetwork network(ModelSpec spec, TrainSettings t) {
        return NetworkFactory.network(spec, t.optimizer().updater(t.learningRate(), t.momentum()));
    }

    /** The 1, 5 and 15 minute load averages, to print beside every measurement on a shared machine. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
