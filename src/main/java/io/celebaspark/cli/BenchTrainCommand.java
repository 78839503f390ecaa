package io.celebaspark.cli;

import io.celebaspark.bench.TrainBenchmark;
import io.celebaspark.config.AppConfig;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.train.spark.AveragingSettings;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code bench-train}: Spark parameter averaging against one JVM, val loss per epoch and examples/s. */
final class BenchTrainCommand implements Command {
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
                CliOption.value("epochs", "N", "epochs per trainer (default 3)"),
                CliOption.value("batch", "B", "global batch, a multiple of the workers (default 64)"),
                CliOption.value("repeats", "R", "runs per trainer, for min/median/max (default 1)"),
                CliOption.value("train-images", "N", "train on the first N train images by id (default: all)"),
                CliOption.value("optimizer", "NAME", "adam (default) or sgd-momentum (Nesterov, 0.9)"),
                CliOption.value("lr", "X", "learning rate (default 0.001 for adam, 0.05 for sgd-momentum)"),
                CliOption.value("architecture", "NAME", "compact (default) or levi-hassner"),
                CliOption.value("labels", "A,B,...", "CelebA attributes (default Male,Smiling,Eyeglasses)"),
                CliOption.value("averaging-frequency", "F", "local steps between averages (default "
                        + AveragingSettings.DEFAULT_AVERAGING_FREQUENCY + ")"),
                CliOption.value("average-updaters", "true|false", "average optimiser state too (default "
                        + AveragingSettings.DEFAULT_AVERAGE_UPDATERS + ")"),
                CliOption.value("work", "DIR", "scratch folder for minibatch files (default target/bench)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        String optimizer = args.value("optimizer").orElse("adam");
        double lr = args.value("lr").map(v -> positive("lr", v))
                .orElse(optimizer.equals("sgd-momentum") ? 0.05 : 0.001);
        String updaters = args.value("average-updaters").orElse(String.valueOf(AveragingSettings.DEFAULT_AVERAGE_UPDATERS));
        if (!updaters.equals("true") && !updaters.equals("false")) {
            throw new UsageException("--average-updaters needs true or false, got '" + updaters + "'");
        }
        String scratch = Path.of(args.value("work").orElse("target/bench")).toAbsolutePath().resolve("minibatches").toUri().toString();
        AveragingSettings averaging = new AveragingSettings(0,
                Math.max(1, CliNumbers.nonNegative(args, "averaging-frequency", AveragingSettings.DEFAULT_AVERAGING_FREQUENCY)),
                Boolean.parseBoolean(updaters), scratch);
        TrainBenchmark.Options options = new TrainBenchmark.Options(args.value("architecture").orElse("compact"),
                Arrays.asList(args.value("labels").orElse("Male,Smiling,Eyeglasses").split(",")), optimizer, lr,
                Math.max(1, CliNumbers.nonNegative(args, "epochs", 3)), Math.max(1, CliNumbers.nonNegative(args, "batch", 64)),
                Math.max(1, CliNumbers.nonNegative(args, "repeats", 1)), CliNumbers.nonNegative(args, "train-images", 0),
                averaging, 42);
        SparkSession spark = SparkSessions.create("celeba-spark bench-train", config.cluster());
        try {
            new TrainBenchmark(spark, out).run(args.required("data"), options);
        } finally {
            spark.stop();
        }
    }

    private static double positive(String name, String value) {
        try {
            double x = Double.parseDouble(value.trim());
            if (x > 0) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " needs a positive number, got '" + value + "'");
    }
}
