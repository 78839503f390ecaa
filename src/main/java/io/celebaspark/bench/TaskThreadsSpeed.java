package io.celebaspark.bench;

import io.celebaspark.model.Dl4jRuntime;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to spend the cores on training (lever 4), without Spark around it: {@code compact} (64x64, 3 labels, Adam) at
 * a global batch of 64, side by side in one run (interleaved rounds, so a busy machine slows all alike), as
 * <ol>
 *   <li>one thread at batch 64 with an OpenMP team of all cores (the one-JVM row of {@code bench-speed});</li>
 *   <li>{@code threads} threads, each training its own network at 64 / threads at once, each thread's OpenMP team
 *   left at the process default (what {@code local[N]} does today: N teams of all cores);</li>
 *   <li>the same with each thread's team set to {@code cores / threads} ({@code setOmpNumThreads} on the thread,
 *   what a per-task setting in local mode would do; {@link io.celebaspark.spark.TaskThreads} explains the
 *   threads).</li>
 * </ol>
 * {@code OMP_WAIT_POLICY} (libgomp reads it once, when it loads) cannot change inside a JVM: run it twice, with and
 * without {@code OMP_WAIT_POLICY=PASSIVE} in the environment; the table says which. Run by {@code bench-speed
 * --threads R} or by hand: {@code java -cp target/classes:<classpath> io.celebaspark.bench.TaskThreadsSpeed
 * [rounds] [steps per round] [threads]}.
 */
public final class TaskThreadsSpeed {
    private static final int GLOBAL_BATCH = 64;

    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("task-threads-speed", List.of(args), () -> compare(
                args.length > 0 ? Integer.parseInt(args[0]) : 4, args.length > 1 ? Integer.parseInt(args[1]) : 3,
                args.length > 2 ? Integer.parseInt(args[2]) : 2, System.out));
    }

    /** Prints examples/s (all threads together) of the three ways, min-median-max over {@code rounds}, and ratios. */
    public static void compare(int rounds, int steps, int threads, PrintStream out) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        int team = Math.max(1, cores / threads);
        Dl4jRuntime.enableHelpers();
        ModelSpec spec = new ModelSpec("compact", 64, 64, 3, 3, true, 0.3, 1e-5, 42);
        List<MultiLayerNetwork> nets = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            nets.add(NetworkFactory.network(spec, new Adam(1e-3)));
        }
        List<MultiLayerNetwork> single = List.of(NetworkFactory.network(spec, new Adam(1e-3)));
        CNN2DFormat layout = NetworkFactory.inputLayout(single.get(0));
        DataSet perThread = data(GLOBAL_BATCH / threads, layout);
        DataSet whole = data(GLOBAL_BATCH, layout);
        rate(single, whole, 1, cores); // warm-up: workspaces, oneDNN primitives, JIT
        rate(nets, perThread, 1, 0);
        double[] oneThread = new double[rounds];
        double[] byDefault = new double[rounds];
        double[] shared = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            oneThread[r] = rate(single, whole, steps, cores);
            byDefault[r] = rate(nets, perThread, steps, 0);
            shared[r] = rate(nets, perThread, steps, team);
        }
        out.printf(Locale.ROOT, "threads (lever 4): global batch %d, %d steps per round, %d rounds, %d cores,"
                        + " OMP_WAIT_POLICY=%s, OMP_NUM_THREADS=%s: examples/s of all threads, min-median-max%n",
                GLOBAL_BATCH, steps, rounds, cores, System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        out.printf(Locale.ROOT, "  1 thread x batch %d, OpenMP team %d                    %s%n", GLOBAL_BATCH, cores,
                Spread.of(oneThread).format("%.1f"));
        out.printf(Locale.ROOT, "  %d threads x batch %d, OpenMP team per thread: default  %s%n", threads,
                GLOBAL_BATCH / threads, Spread.of(byDefault).format("%.1f"));
        out.printf(Locale.ROOT, "  %d threads x batch %d, OpenMP team per thread: %d        %s%n", threads,
                GLOBAL_BATCH / threads, team, Spread.of(shared).format("%.1f"));
        out.printf(Locale.ROOT, "  ratios (medians): team %d / default = %.2f, %d threads default / 1 thread = %.2f,"
                        + " %d threads team %d / 1 thread = %.2f%n", team,
                Spread.of(shared).median() / Spread.of(byDefault).median(), threads,
                Spread.of(byDefault).median() / Spread.of(oneThread).median(), threads, team,
                Spread.of(shared).median() / Spread.of(oneThread).median());
    }

    /** Random images in the networks' layout, and random labels. */
    private static DataSet data(int batch, CNN2DFormat layout) {
        Nd4j.getRandom().setSeed(1);
        long[] shape = layout == CNN2DFormat.NHWC ? new long[]{batch, 64, 64, 3} : new long[]{batch, 3, 64, 64};
        return new DataSet(Nd4j.rand(DataType.FLOAT, shape),
                Nd4j.rand(DataType.FLOAT, batch, 3).gt(0.5).castTo(DataType.FLOAT));
    }

    /** Examples/s of all threads fitting {@code steps} steps each at once; {@code team} 0 leaves the threads alone. */
    private static double rate(List<MultiLayerNetwork> nets, DataSet data, int steps, int team)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (MultiLayerNetwork net : nets) {
            workers.add(new Thread(() -> {
                if (team > 0) {
                    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(team);
                }
                for (int i = 0; i < steps; i++) {
                    net.fit(data);
                }
            }));
        }
        long start = System.nanoTime();
        for (Thread w : workers) {
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return nets.size() * steps * data.numExamples() / ((System.nanoTime() - start) / 1e9);
    }
}
