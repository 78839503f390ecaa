package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.spark.SparkSessions;
import io.celebaspark.train.EpochReport;
import io.celebaspark.train.RunOutcome;
import io.celebaspark.train.TrainJob;
import io.celebaspark.train.TrainRequest;
import io.celebaspark.train.TrainingDivergedException;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** {@code train}: one training run on Spark with the plateau controller, or {@code --resume} of one. */
final class TrainCommand implements Command {
    /** The folders of docs/architecture.md that training reads and writes; {@code experiment} takes the same. */
    static final List<CliOption> FOLDERS = List.of(
            CliOption.required("data", "DATA_DIR", "data folder written by preprocess"),
            CliOption.required("metrics", "METRICS_DIR", "metrics root: Delta tables runs/, epochs/, label_metrics/, events/"),
            CliOption.required("output", "RUNS_DIR", "folder of run folders: RUNS_DIR/<run_id>/ checkpoints and models"));

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a CNN on Spark (parameter averaging) with the plateau controller; metrics to Delta tables";
    }

    @Override
    public List<CliOption> options() {
        return Stream.concat(FOLDERS.stream(), Stream.of(
                CliOption.value("run-id", "ID", "id of the new run (default: <schedule>-<optimizer>-s<seed>-<time>)"),
                CliOption.value("resume", "RUN_ID", "continue RUN_ID from its last checkpoint, with its own configuration"),
                CliOption.setting("epochs", "N", "train.epochs", "epoch budget"),
                CliOption.setting("schedule", "KIND", "schedule.kind",
                        "constant, lr-decay, batch-growth, fixed-steps, noise-scale or noise-capped-growth")))
                .toList();
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        String resume = args.value("resume").orElse(null);
        if (resume != null) {
            if (args.has("run-id")) {
                throw new UsageException("--run-id and --resume exclude each other: --resume RUN_ID names the run");
            }
            List<String> changed = args.settings().keySet().stream().filter(k -> !k.startsWith("cluster.")).toList();
            if (args.has(CommandLineParser.CONFIG.name()) || !changed.isEmpty()) {
                throw new UsageException("a resumed run keeps the configuration it was started with; drop --config and "
                        + "--set " + String.join(", ", changed) + " (only --master may change)");
            }
        }
        TrainRequest request = new TrainRequest(args.required("data"), args.required("metrics"), args.required("output"),
                args.value("run-id").orElse(null), resume, config.train(), config.resolvedJson(), List.of(),
                line -> out.println("train: " + line));
        SparkSession spark = SparkSessions.create("celeba-spark train", config.cluster());
        try {
            RunOutcome outcome = TrainJob.run(spark, request);
            printSummary(outcome, args.required("output"), out);
        } catch (TrainingDivergedException e) {
            // The run failed for a stated reason (epoch, loss, what to change): no bug, so no trace.
            throw new CommandFailedException(e.getMessage());
        } finally {
            spark.stop();
        }
    }

    private static void printSummary(RunOutcome outcome, String runsDir, PrintStream out) {
        out.println("train: run " + outcome.runId() + " " + outcome.status() + "; models in " + runsDir + "/"
                + outcome.runId() + "/{best,final}");
        outcome.lastReport().map(EpochReport::validation).ifPresent(val -> table("val, final epoch", val, out));
        outcome.finalTest().ifPresent(test -> table("test, final model", test, out));
        outcome.bestTest().ifPresent(test -> table("test, best-val model (epoch " + outcome.bestEpoch() + ")", test, out));
    }

    private static void table(String title, Evaluation e, PrintStream out) {
        out.printf(Locale.ROOT, "  %s: loss %.4f, %,d images%n", title, e.loss(), e.examples());
        out.printf(Locale.ROOT, "    %-20s %9s %9s %9s %9s %9s %9s%n", "label", "accuracy", "balanced", "precision",
                "recall", "f1", "auc");
        for (LabelMetrics m : e.labels()) {
            out.printf(Locale.ROOT, "    %-20s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f%n", m.label(), m.accuracy(),
                    m.balancedAccuracy(), m.precision(), m.recall(), m.f1(), m.auc());
        }
        out.printf(Locale.ROOT, "    %-20s %9.4f %9.4f%n", "mean", e.meanAccuracy(), e.meanBalancedAccuracy());
    }
}
