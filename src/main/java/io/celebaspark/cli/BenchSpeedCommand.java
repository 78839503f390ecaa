package io.celebaspark.cli;

import io.celebaspark.bench.BenchSources;
import io.celebaspark.bench.SpeedBenchmark;
import io.celebaspark.bench.TorchRunner;
import io.celebaspark.config.AppConfig;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench-speed}: training speed of DL4J (one JVM, Spark) beside PyTorch on the same network and the
 * machine's oneDNN ceiling, on synthetic images (issue 5's measurement).
 */
final class BenchSpeedCommand implements Command {
    @Override
    public String name() {
        return "bench-speed";
    }

    @Override
    public String summary() {
        return "benchmark: training examples/s and GFLOP/s, DL4J one JVM / Spark / PyTorch / oneDNN ceiling side by side";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.value("repeats", "R", "interleaved repeats, for min/median/max (default 3)"),
                CliOption.value("steps", "N", "timed training steps per repeat, one JVM and PyTorch (default 20)"),
                CliOption.value("spark-images", "N", "synthetic images per Spark epoch, one epoch per repeat (default 1280)"),
                CliOption.value("image-size", "S", "image height and width (default 64)"),
                CliOption.value("ceiling-calls", "N", "timed 1x1 convolutions per repeat (default 10)"),
                CliOption.setting("batch-per-worker", "B", "train.batch-per-worker",
                        "examples per worker step; global batch = B x workers (default 32 x 2 = 64)"),
                CliOption.value("python", "PATH", "Python with torch (default python3)"),
                CliOption.value("torch-script", "FILE", "the PyTorch side (default " + TorchRunner.SCRIPT
                        + ", searched upwards from the working directory)"),
                CliOption.value("work", "DIR", "scratch folder for minibatch files (default target/bench)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        int size = positive(args, "image-size", 64);
        Path script = args.value("torch-script").map(Path::of).orElseGet(() -> BenchSources.locate(TorchRunner.SCRIPT));
        TorchRunner torch = new TorchRunner(args.value("python").orElse("python3"), script, 2);
        String scratch = Path.of(args.value("work").orElse("target/bench")).toAbsolutePath().resolve("minibatches")
                .toUri().toString();
        SparkSession spark = SparkSessions.create("celeba-spark bench-speed", config.cluster());
        try {
            SpeedBenchmark.Options options = new SpeedBenchmark.Options(config.train(), size,
                    positive(args, "repeats", 3), positive(args, "steps", 20), positive(args, "spark-images", 1280),
                    positive(args, "ceiling-calls", 10), scratch, torch);
            new SpeedBenchmark(spark, out).run(options);
        } finally {
            spark.stop();
        }
    }

    private static int positive(ParsedArgs args, String name, int fallback) {
        int n = CliNumbers.nonNegative(args, name, fallback);
        if (n == 0) {
            throw new UsageException("--" + name + " must be at least 1");
        }
        return n;
    }

}
