package io.celebaspark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Per-channel sums of an NHWC activation, the reduction BatchNorm's statistics and backward pass are made of,
 * three ways side by side in one run (interleaved, so a busy machine slows all alike): ND4J's reduction over the
 * non-channel axes of the 4-d array (TAD), {@code sum(0)} of the free {@code [N·H·W, C]} view, and a GEMV of a
 * row of ones with that view. Checks the three agree, then prints the median time of each. A measurement, not a
 * test: {@code java -cp target/classes:<classpath>
 * io.celebaspark.bench.BatchNormReductionSpeed [rounds] [calls per round] [N H W C]} (default 7 20 32 64 64 32).
 */
public final class BatchNormReductionSpeed {
    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("batchnorm-reduction-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long[] shape = args.length > 5
                ? Arrays.stream(args, 2, 6).mapToLong(Long::parseLong).toArray() : new long[]{32, 64, 64, 32};
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        long channels = shape[3];
        INDArray x2 = x.reshape('c', x.length() / channels, channels);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, x2.rows());
        String[] names = {"TAD sum(0,1,2)", "[NHW,C].sum(0)", "GEMV ones.[NHW,C]"};
        @SuppressWarnings("unchecked")
        Supplier<INDArray>[] ways = new Supplier[]{() -> x.sum(0, 1, 2), () -> x2.sum(0), () -> ones.mmul(x2)};
        INDArray reference = ways[0].get();
        for (Supplier<INDArray> way : ways) { // float sums of 131,072 values in different orders: ~1e-5 apart
            double diff = reference.reshape(channels).sub(way.get().reshape(channels)).amaxNumber().doubleValue();
            if (diff > 1e-4 * reference.amaxNumber().doubleValue()) {
                throw new IllegalStateException("the reductions disagree by " + diff);
            }
        }
        double[][] ms = new double[ways.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < ways.length; w++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    ways[w].get();
                }
                ms[w][r] = (System.nanoTime() - start) / 1e6 / calls;
            }
        }
        System.out.printf(Locale.ROOT, "per-channel sums of %s float (NHWC), ms per call, median of %d rounds of %d:%n",
                Arrays.toString(shape), rounds, calls);
        for (int w = 0; w < ways.length; w++) {
            System.out.printf(Locale.ROOT, "  %-20s %8.3f ms  (%.2fx the TAD time)%n", names[w], Spread.of(ms[w]).median(),
                    Spread.of(ms[w]).median() / Spread.of(ms[0]).median());
        }
    }
}
