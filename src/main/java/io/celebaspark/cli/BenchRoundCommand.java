package io.celebaspark.cli;

import io.celebaspark.bench.RoundBenchmark;
import io.celebaspark.app.AppConfig;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code bench-round}: the project's Spark averaging round against DL4J's stock master, side by side. */
final class BenchRoundCommand implements Command {

    @Override
    public String name() {
        return "bench-round";
    }

    @Override
    public String summary() {
        return "benchmark: the reusing averaging round vs DL4J's stock master, examples/s and ms per round";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.value("repeats", "R", "timed epochs per path, order alternating (default 3)"),
                CliOption.value("images", "N", "synthetic images per epoch (default 1280)"),
                CliOption.value("image-size", "S", "image height and width (default 64)"),
                CliOption.setting("batch-per-worker", "B", "train.batch-per-worker", "examples per worker step"),
                CliOption.setting("averaging-frequency", "F", "train.averaging-frequency", "local steps between averages"),
                CliOption.value("work", "DIR", "scratch folder for minibatch files (default target/bench)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        String scratch = Path.of(args.value("work").orElse("target/bench")).toAbsolutePath().resolve("minibatches")
                .toUri().toString();
        RoundBenchmark.Options options = new RoundBenchmark.Options(config.train(),
                Math.max(1, CliNumbers.nonNegative(args, "image-size", 64)),
                Math.max(1, CliNumbers.nonNegative(args, "images", 1280)),
                Math.max(1, CliNumbers.nonNegative(args, "repeats", 3)), scratch);
        SparkSession spark = SparkSessions.create("celeba-spark bench-round", config.cluster());
        try {
            new RoundBenchmark(spark, out).run(options);
        } finally {
            spark.stop();
        }
    }
}
