package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.BenchResults;
import io.celebaspark.bench.TrainBenchmark;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench-train}: Spark parameter averaging against one JVM, val loss per epoch and examples/s. */
final class BenchTrainCommand implements Command {
    private static final int DEFAULT_EPOCHS = 3;

    @Override
    public String name() {
        return "bench-train";
    }

    @Override
    public String summary() {
        return "benchmark: Spark parameter averaging vs one JVM, val loss per epoch and examples/s side by side";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("data", "DATA_DIR", "a folder written by preprocess"),
                CliOption.setting("epochs", "N", "train.epochs", "epochs per trainer (default here: " + DEFAULT_EPOCHS + ")"),
                CliOption.setting("batch-per-worker", "B", "train.batch-per-worker", "examples per worker step"),
                CliOption.setting("optimizer", "NAME", "train.optimizer", "adam or sgd-momentum"),
                CliOption.setting("lr", "X", "train.learning-rate", "learning rate"),
                CliOption.setting("averaging-frequency", "F", "train.averaging-frequency", "local steps between averages"),
                CliOption.setting("average-updaters", "true|false", "train.average-updaters", "average optimiser state too"),
                CliOption.value("repeats", "R", "runs per trainer, for min/median/max (default 1)"),
                CliOption.value("train-images", "N", "train on the first N train images by id (default: all)"),
                CliOption.value("work", "DIR", "scratch folder for minibatch files (default target/bench)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        BenchResults.record(name(), args, out, printed -> measure(args, config, printed));
    }

    private void measure(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        AppConfig settings = args.settings().containsKey("train.epochs") ? config
                : AppConfig.load(args.value(CommandLineParser.CONFIG.name()).map(Path::of).orElse(null),
                withDefaultEpochs(args.settings()));
        String scratch = Path.of(args.value("work").orElse("target/bench")).toAbsolutePath().resolve("minibatches")
                .toUri().toString();
        TrainBenchmark.Options options = new TrainBenchmark.Options(settings.train(),
                Math.max(1, CliNumbers.nonNegative(args, "repeats", 1)), CliNumbers.nonNegative(args, "train-images", 0),
                scratch);
        SparkSession spark = SparkSessions.create("celeba-spark bench-train", config.cluster());
        try {
            new TrainBenchmark(spark, out).run(args.required("data"), options);
        } finally {
            spark.stop();
        }
    }

    /** A benchmark runs a few epochs unless told otherwise, not the training default of train.epochs. */
    private static Map<String, String> withDefaultEpochs(Map<String, String> settings) {
        Map<String, String> withEpochs = new LinkedHashMap<>(settings);
        withEpochs.put("train.epochs", String.valueOf(DEFAULT_EPOCHS));
        return withEpochs;
    }
}
