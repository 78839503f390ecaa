package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.experiment.ExperimentFile;
import io.celebaspark.experiment.ExperimentJob;
import io.celebaspark.experiment.ExperimentPlan;
import io.celebaspark.experiment.ExperimentRequest;
import io.celebaspark.experiment.ExperimentResult.Outcome;
import io.celebaspark.experiment.ExperimentResult;
import io.celebaspark.experiment.ExperimentSpec;
import io.celebaspark.experiment.GridSlice;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code experiment}: every run of a named experiment ({@code conf/experiments/NAME.conf}) or experiment file
 * (or one {@code --slice} of them) in one Spark application, one after another or {@code --parallel N} at a
 * time. The plan is built and every run's configuration validated before Spark starts; launching the same
 * experiment again skips FINISHED runs and resumes the others.
 */
final class ExperimentCommand implements Command {
    @Override
    public String name() {
        return "experiment";
    }

    @Override
    public String summary() {
        return "run an experiment's grid of training runs (arms x grid x seeds), skipping finished ones";
    }

    @Override
    public String positionalUsage() {
        return "NAME_OR_FILE";
    }

    @Override
    public List<CliOption> options() {
        return Stream.concat(TrainCommand.FOLDERS.stream(), Stream.of(
                CliOption.value("seeds", "N", "only the first N seeds of the grid (a reduced experiment; default all)"),
                CliOption.value("slice", "I/N", "only slice I of N of the plan (runs I, I+N, I+2N, ... in plan order),"
                        + " so N submissions share the grid; default all"),
                CliOption.value("parallel", "N", "train N runs at a time in this application, each in its own FAIR"
                        + " scheduler pool (default 1: one after another)"),
                CliOption.flag("dry-run", "print every run and whether it would start, resume or be skipped; train nothing")))
                .toList();
    }

    private static GridSlice slice(ParsedArgs args) {
        try {
            return args.value("slice").map(GridSlice::parse).orElse(GridSlice.ALL);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws Exception {
        if (args.positionals().size() != 1) {
            throw new UsageException("name one experiment (a file, or one of "
                    + String.join(", ", ExperimentFile.available(Path.of(""))) + "), got "
                    + (args.positionals().isEmpty() ? "none" : String.join(" ", args.positionals())));
        }
        int seeds = CliNumbers.nonNegative(args, "seeds", 0);
        if (args.has("seeds") && seeds == 0) {
            throw new UsageException("--seeds needs at least 1");
        }
        GridSlice slice = slice(args);
        int parallel = CliNumbers.nonNegative(args, "parallel", 1);
        if (parallel == 0) {
            throw new UsageException("--parallel needs at least 1 (runs at a time)");
        }
        ExperimentSpec spec = ExperimentSpec.load(ExperimentFile.resolve(args.positionals().get(0), Path.of("")));
        ExperimentPlan whole = ExperimentPlan.expand(spec,
                args.value(CommandLineParser.CONFIG.name()).map(Path::of).orElse(null), args.settings(), seeds);
        out.println("experiment: " + spec.name() + " (" + spec.source() + "): " + whole.runs().size() + " runs ("
                + whole.runsPerArm() + ")" + (spec.description().isBlank() ? "" : "; " + spec.description().strip()));
        ExperimentPlan plan = whole.slice(slice);
        if (!slice.isAll()) {
            out.println("experiment: slice " + slice + ": " + plan.runs().size() + " runs (" + plan.runsPerArm() + ")");
        }
        ExperimentRequest request = new ExperimentRequest(args.required("data"), args.required("metrics"),
                args.required("output"), plan, args.has("dry-run"), parallel, List.of(), out::println);
        // A session already running in this JVM (a notebook, the test suite) is not the command's to stop.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        // Side by side, the runs' pools share the executors fairly; one after another, Spark's default (FIFO).
        SparkSession spark = SparkSessions.create("celeba-spark experiment " + spec.name(), config.cluster(),
                parallel > 1 ? Map.of("spark.scheduler.mode", "FAIR") : Map.of());
        ExperimentResult result;
        try {
            result = ExperimentJob.run(spark, request);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
        if (request.dryRun()) {
            return;
        }
        out.printf("experiment: %s%s: %d runs: %d finished now, %d skipped (finished before), %d failed, %d refused;"
                        + " metrics in %s (runs.experiment = '%s')%n", spec.name(),
                slice.isAll() ? "" : " slice " + slice, plan.runs().size(),
                result.count(Outcome.FINISHED), result.count(Outcome.SKIPPED), result.count(Outcome.FAILED),
                result.count(Outcome.REFUSED), request.metricsDir(), spec.name());
        List<ExperimentResult.RunResult> unfinished = result.unfinished();
        if (!unfinished.isEmpty()) {
            throw new CommandFailedException(unfinished.size() + " of " + plan.runs().size() + " runs did not finish: "
                    + unfinished.stream().map(r -> r.run().runId() + " (" + r.outcome() + ": " + r.failure().orElse("")
                    + ")").collect(Collectors.joining(", "))
                    + "; launch the same command" + (slice.isAll() ? "" : " (same --slice)") + " again to resume failed runs (refused ones need their reason fixed"
                    + " first)");
        }
    }
}
