package io.celebaspark.bench;

import io.celebaspark.model.Dl4jRuntime;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-JVM training speed of {@code compact} at 64x64, batch 64, side by side in one run (interleaved rounds,
 * so a busy machine slows both alike), same parameters and images for both networks. Modes: {@code helpers}
 * (default) DL4J's oneDNN helpers off and on (both NCHW); {@code layout} the NCHW and NHWC builds (helpers on, the
 * same images transposed); {@code cache} NHWC without and with the forward cache ({@link
 * NetworkFactory#FORWARD_CACHE}); {@code batchnorm} NHWC with DL4J's stock BatchNorm (oneDNN's helper) and with
 * the project's contiguous BatchNorm helper (ReLU a layer of its own in both); {@code relu} NHWC with the contiguous
 * BatchNorm followed by a ReLU layer and with the ReLU fused into that BatchNorm. A measurement, not a test:
 * {@code java -cp target/classes:<classpath> io.celebaspark.bench.OneDnnSpeed [rounds] [steps per round] [mode]
 * [trace]}; with {@code DNNL_VERBOSE=1} oneDNN names the kernel of every primitive, and {@code trace} (run under
 * {@code stdbuf -oL}, so oneDNN's lines and these interleave in order) replaces the timing with one training step of
 * each network between marker lines, to count the oneDNN calls of one step; {@code breakdown} adds, after the timed
 * rounds, where each network's step goes ({@link Dl4jStepProfiler} on copies of both, interleaved rounds).
 */
public final class OneDnnSpeed {
    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("one-dnn-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String mode = args.length > 2 ? args[2] : "helpers";
        boolean trace = args.length > 3 && args[3].equals("trace");
        boolean breakdown = args.length > 3 && args[3].equals("breakdown");
        int batch = 64;
        ModelSpec spec = new ModelSpec("compact", 64, 64, 3, 40, true, 0.3, 1e-5, 42, CNN2DFormat.NCHW);
        ModelSpec nhwc = spec.withLayout(CNN2DFormat.NHWC);
        Dl4jRuntime.enableHelpers();
        MultiLayerNetwork a;
        MultiLayerNetwork b;
        String[] names;
        switch (mode) {
            case "layout" -> {
                a = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
                b = NetworkFactory.network(nhwc, new Nesterovs(0.01, 0.9));
                names = new String[]{"NCHW", "NHWC"};
            }
            case "cache" -> {
                a = NetworkFactory.withCacheMode(NetworkFactory.network(nhwc, new Nesterovs(0.01, 0.9)), CacheMode.NONE);
                b = NetworkFactory.network(nhwc, new Nesterovs(0.01, 0.9));
                names = new String[]{"no cache", "cache"};
            }
            case "batchnorm" -> {
                a = NetworkFactory.network(nhwc.withFastBatchNorm(false), new Nesterovs(0.01, 0.9));
                b = NetworkFactory.network(nhwc.withFusedRelu(false), new Nesterovs(0.01, 0.9));
                names = new String[]{"stock BatchNorm", "contiguous BatchNorm"};
            }
            case "relu" -> {
                a = NetworkFactory.network(nhwc.withFusedRelu(false), new Nesterovs(0.01, 0.9));
                b = NetworkFactory.network(nhwc, new Nesterovs(0.01, 0.9));
                names = new String[]{"ReLU layer", "ReLU fused"};
            }
            case "helpers" -> {
                System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "true");
                a = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
                System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "false");
                b = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
                names = new String[]{"helpers off", "helpers on"};
            }
            default -> throw new IllegalArgumentException("mode is helpers, layout, cache, batchnorm or relu, got "
                    + mode);
        }
        b.setParams(a.params().dup());
        System.out.println(names[0] + ": " + NetworkFactory.describeComputation(a));
        System.out.println(names[1] + ": " + NetworkFactory.describeComputation(b));

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 64, 64);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch, 40).gt(0.5).castTo(DataType.FLOAT);
        DataSet dataA = new DataSet(channelsFor(a, x), y);
        DataSet dataB = new DataSet(channelsFor(b, x), y);
        fit(a, dataA, 2); // warm-up: workspaces, oneDNN primitive creation, JIT
        fit(b, dataB, 2);
        if (trace) {
            System.out.println("== one training step: " + names[0]);
            fit(a, dataA, 1);
            System.out.println("== one training step: " + names[1]);
            fit(b, dataB, 1);
            System.out.println("== end");
            return;
        }
        double[] rateA = new double[rounds];
        double[] rateB = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rateA[r] = batch * steps / fit(a, dataA, steps);
            rateB[r] = batch * steps / fit(b, dataB, steps);
            System.out.printf(Locale.ROOT, "round %d: %s %.1f ex/s, %s %.1f ex/s, ratio %.2f%n", r + 1,
                    names[0], rateA[r], names[1], rateB[r], rateB[r] / rateA[r]);
        }
        System.out.printf(Locale.ROOT, "median: %s %.1f ex/s, %s %.1f ex/s, ratio %s/%s %.2f%n", names[0],
                Spread.of(rateA).median(), names[1], Spread.of(rateB).median(), names[1], names[0],
                Spread.of(rateB).median() / Spread.of(rateA).median());
        if (breakdown) {
            printBreakdown(names, Dl4jStepProfiler.wrap(a.clone()), dataA, Dl4jStepProfiler.wrap(b.clone()), dataB,
                    rounds, steps);
        }
    }

    /** Milliseconds per step of every {@link StepPart} of both networks, mean of interleaved rounds. */
    private static void printBreakdown(String[] names, Dl4jStepProfiler a, DataSet dataA, Dl4jStepProfiler b,
                                       DataSet dataB, int rounds, int steps) {
        a.profile(List.of(dataA), 1); // warm-up of the wrapped copies
        b.profile(List.of(dataB), 1);
        List<StepBreakdown> partsA = new ArrayList<>();
        List<StepBreakdown> partsB = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            partsA.add(a.profile(List.of(dataA), steps));
            partsB.add(b.profile(List.of(dataB), steps));
        }
        StepBreakdown meanA = StepBreakdown.mean(partsA);
        StepBreakdown meanB = StepBreakdown.mean(partsB);
        String row = "%-50s %14s %14s%n";
        System.out.printf(Locale.ROOT, row, "part of a step (ms, mean of " + rounds + " x " + steps + ")", names[0],
                names[1]);
        for (StepPart part : StepPart.values()) {
            System.out.printf(Locale.ROOT, row, part.label(), StepBreakdown.ms(meanA.seconds(part)),
                    StepBreakdown.ms(meanB.seconds(part)));
        }
        System.out.printf(Locale.ROOT, row, "step (wall time)", StepBreakdown.ms(meanA.stepSeconds()),
                StepBreakdown.ms(meanB.stepSeconds()));
        if (a.reluInBatchNorm() || b.reluInBatchNorm()) {
            System.out.println("  (where the ReLU is fused, its BatchNorm rows include the ReLU and its ReLU row is 0)");
        }
    }

    /** The NCHW images {@code x} as {@code net} takes them. */
    private static INDArray channelsFor(MultiLayerNetwork net, INDArray x) {
        return NetworkFactory.inputLayout(net) == CNN2DFormat.NHWC ? x.permute(0, 2, 3, 1).dup() : x;
    }

    private static double fit(MultiLayerNetwork net, DataSet data, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
