package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.BenchResults;
import io.celebaspark.bench.PreprocessBenchmark;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code bench-preprocess}: preprocessing throughput against a single-threaded loop and libjpeg-turbo. */
final class BenchPreprocessCommand implements Command {
    @Override
    public String name() {
        return "bench-preprocess";
    }

    @Override
    public String summary() {
        return "benchmark: preprocess images/s vs a single-threaded loop and libjpeg-turbo; driver heap by dataset size";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("input", "CELEBA_ROOT", "CelebA root in the official layout (e.g. /data/celeba)"),
                CliOption.value("images", "N", "use the first N images (default: all)"),
                CliOption.value("repeats", "R", "timed repeats per measurement (default 3)"),
                CliOption.value("work", "DIR", "scratch folder (default target/bench)"),
                CliOption.value("heap-check", "N,N,...", "also measure the driver's retained heap on synthetic sets of these sizes, e.g. 5000,50000"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        BenchResults.record(name(), args, out, printed -> measure(args, config, printed));
    }

    private void measure(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        int images = CliNumbers.nonNegative(args, "images", 0);
        int repeats = CliNumbers.nonNegative(args, "repeats", 3);
        int[] heapCounts = args.value("heap-check")
                .map(v -> Arrays.stream(v.split(",")).mapToInt(s -> CliNumbers.parse("heap-check", s)).toArray())
                .orElse(new int[0]);
        SparkSession spark = SparkSessions.create("celeba-spark bench-preprocess", config.cluster());
        try {
            PreprocessBenchmark bench = new PreprocessBenchmark(spark, config.preprocess(),
                    Path.of(args.value("work").orElse("target/bench")), out);
            bench.throughput(Path.of(args.required("input")), images, repeats);
            if (heapCounts.length > 0) {
                bench.driverHeap(heapCounts, 5_000);
            }
        } finally {
            spark.stop();
        }
    }
}
