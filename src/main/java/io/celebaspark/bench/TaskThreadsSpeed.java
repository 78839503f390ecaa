package io.celebaspark.bench;

import io.celebaspark.model.Dl4jRuntime;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code local[2]} does to the cores without Spark around it: two threads, each training its own
 * {@code compact} (64x64, 3 labels, Adam) at a worker's batch of 32, at the same time, with each thread's
 * OpenMP team left at the process default and set to {@code cores / threads} ({@code setOmpNumThreads} on the
 * thread, what a per-task setting in local mode would do; {@link io.celebaspark.spark.TaskThreads} explains the
 * threads), side by side in one run (interleaved rounds, so a busy machine slows both alike).
 * A measurement, not a test: {@code java -cp target/classes:<classpath>
 * io.celebaspark.bench.TaskThreadsSpeed [rounds] [steps per round] [threads]}.
 */
public final class TaskThreadsSpeed {
    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("task-threads-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int batch = 32;
        int team = Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        Dl4jRuntime.enableHelpers();
        ModelSpec spec = new ModelSpec("compact", 64, 64, 3, 3, true, 0.3, 1e-5, 42);
        List<MultiLayerNetwork> nets = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            nets.add(NetworkFactory.network(spec, new Adam(1e-3)));
        }
        Nd4j.getRandom().setSeed(1);
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, 64, 64),
                Nd4j.rand(DataType.FLOAT, batch, 3).gt(0.5).castTo(DataType.FLOAT));
        rate(nets, data, 1, 0); // warm-up: workspaces, oneDNN primitives, JIT
        double[] byDefault = new double[rounds];
        double[] shared = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            byDefault[r] = rate(nets, data, steps, 0);
            shared[r] = rate(nets, data, steps, team);
        }
        System.out.printf(Locale.ROOT, "%d threads x batch %d, %d steps per round, %d rounds: examples/s (all threads)"
                + " min-median-max%n", threads, batch, steps, rounds);
        System.out.printf(Locale.ROOT, "OpenMP team per thread: process default  %s%n",
                Spread.of(byDefault).format("%.1f"));
        System.out.printf(Locale.ROOT, "OpenMP team per thread: %d (cores / threads) %s%n", team,
                Spread.of(shared).format("%.1f"));
        System.out.printf(Locale.ROOT, "ratio cores/threads team / default (median) = %.2f%n",
                Spread.of(shared).median() / Spread.of(byDefault).median());
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
