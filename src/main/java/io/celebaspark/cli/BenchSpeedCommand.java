package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.bench.BenchResults;
import io.celebaspark.bench.BenchSources;
import io.celebaspark.bench.SpeedBenchmark;
import io.celebaspark.bench.TaskThreadsSpeed;
import io.celebaspark.bench.TorchRunner;
import io.celebaspark.bench.TrainJobBenchmark;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.train.data.TensorDataset;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                CliOption.value("data", "DIR", "a data folder written by preprocess: also time the real train job"
                        + " on it, epoch by epoch, constant schedule (the image size is then the data's)"),
                CliOption.value("data-epochs", "E", "epochs of the train job on --data (default 3)"),
                CliOption.value("threads", "R", "also compare, over R interleaved rounds, one training thread with an"
                        + " OpenMP team of all cores against one thread per Spark task slot with the default team and"
                        + " with cores/slots each (lever 4; run once more with OMP_WAIT_POLICY=PASSIVE to compare that)"),
                CliOption.value("work", "DIR", "scratch folder for minibatch files and the train job's run"
                        + " (default target/bench)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        BenchResults.record(name(), args, out, printed -> measure(args, config, printed));
    }

    private void measure(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        Optional<String> data = args.value("data");
        if (data.isPresent() && args.has("image-size")) {
            throw new UsageException("--image-size cannot be combined with --data: the benchmark uses the data's size");
        }
        AppConfig trainJobConfig = data.isPresent() ? trainJobConfig(args) : null;
        Path script = args.value("torch-script").map(Path::of).orElseGet(() -> BenchSources.locate(TorchRunner.SCRIPT));
        TorchRunner torch = new TorchRunner(args.value("python").orElse("python3"), script, 2);
        Path work = Path.of(args.value("work").orElse("target/bench")).toAbsolutePath();
        String scratch = work.resolve("minibatches").toUri().toString();
        SparkSession spark = SparkSessions.create("celeba-spark bench-speed", config.cluster());
        try {
            int size = data.isPresent() ? dataImageSize(spark, data.get(), config) : positive(args, "image-size", 64);
            SpeedBenchmark.Options options = new SpeedBenchmark.Options(config.train(), size,
                    positive(args, "repeats", 3), positive(args, "steps", 20), positive(args, "spark-images", 1280),
                    positive(args, "ceiling-calls", 10), scratch, torch);
            SpeedBenchmark benchmark = new SpeedBenchmark(spark, out);
            SpeedBenchmark.Summary summary = benchmark.run(options);
            if (args.has("threads")) {
                out.println();
                TaskThreadsSpeed.compare(positive(args, "threads", 3), options.steps(),
                        spark.sparkContext().defaultParallelism(), out);
            }
            if (data.isPresent()) {
                TrainJobBenchmark.Result result = TrainJobBenchmark.run(spark, trainJobConfig, data.get(),
                        work.resolve("train-job"), out::println);
                benchmark.printTrainJob(data.get(), result, summary);
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * The command's configuration with the epoch budget of {@code --data-epochs} and the constant schedule, so
     * that every timed epoch does the same work; loaded, and so validated, before Spark starts.
     */
    private static AppConfig trainJobConfig(ParsedArgs args) {
        Map<String, String> sets = new HashMap<>(args.settings());
        sets.put("train.epochs", Integer.toString(positive(args, "data-epochs", 3)));
        sets.put("schedule.kind", "constant");
        return AppConfig.load(args.value(CommandLineParser.CONFIG.name()).map(Path::of).orElse(null), sets);
    }

    /** The data's square image size, which the synthetic rows then use too, so every row trains one network. */
    private static int dataImageSize(SparkSession spark, String data, AppConfig config) {
        Manifest manifest = TensorDataset.open(spark, data, config.train().labels()).manifest();
        if (manifest.height() != manifest.width()) {
            throw new UsageException("--data " + data + " holds " + manifest.height() + "x" + manifest.width()
                    + " images; bench-speed compares square images (preprocess with a square --image-size)");
        }
        return manifest.height();
    }

    private static int positive(ParsedArgs args, String name, int fallback) {
        int n = CliNumbers.nonNegative(args, name, fallback);
        if (n == 0) {
            throw new UsageException("--" + name + " must be at least 1");
        }
        return n;
    }

}
