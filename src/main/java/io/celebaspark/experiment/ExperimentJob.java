package io.celebaspark.experiment;

import io.celebaspark.experiment.ExperimentResult.Outcome;
import io.celebaspark.experiment.ExperimentResult.RunResult;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.train.RunDirectory;
import io.celebaspark.train.RunOutcome;
import io.celebaspark.train.TrainJob;
import io.celebaspark.train.TrainRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code experiment} job: an experiment's planned runs one after another in one Spark application (the
 * session, its executors and their native libraries are set up once), each an ordinary {@link TrainJob}
 * run under its deterministic id, tagged with the experiment, arm and grid point.
 *
 * <p>Before each run it asks the runs table and RUNS_DIR what is already there ({@link RunDecision}):
 * FINISHED runs are skipped, unfinished ones resume from their checkpoints, so an interrupted or partly
 * failed experiment is completed by launching it again. A run that fails (a divergence, a lost executor)
 * does not stop the others: it is reported in the result and the next launch resumes it.
 */
public final class ExperimentJob {
    private ExperimentJob() {
    }

    /** Runs (or, for a dry run, only decides) every planned run, in order. */
    public static ExperimentResult run(SparkSession spark, ExperimentRequest request) throws IOException {
        MetricsStore store = MetricsStore.open(spark, request.metricsDir());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<PlannedRun> runs = request.plan().runs();
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            PlannedRun run = runs.get(i);
            RunDecision decision = RunDecision.decide(run, recorded(store, request.runsDir(), run.runId(), hadoop));
            String name = "run " + (i + 1) + "/" + runs.size() + " " + run.runId();
            if (request.dryRun()) {
                say(request, name + " (arm " + run.arm() + ", seed " + run.seed()
                        + (run.gridPoint().isEmpty() ? "" : ", " + run.gridPoint()) + "): " + decision.describe(true));
                results.add(new RunResult(run, decision, Outcome.PLANNED, Optional.empty()));
            } else {
                say(request, name + ": " + decision.describe(false));
                results.add(execute(spark, request, run, decision, name));
            }
        }
        return new ExperimentResult(results);
    }

    private static RunResult execute(SparkSession spark, ExperimentRequest request, PlannedRun run,
                                     RunDecision decision, String name) {
        switch (decision.action()) {
            case SKIP:
                return new RunResult(run, decision, Outcome.SKIPPED, Optional.empty());
            case REFUSE:
                return new RunResult(run, decision, Outcome.REFUSED, Optional.of(decision.reason()));
            default:
                boolean resume = decision.action() == RunDecision.Action.RESUME;
                TrainRequest train = new TrainRequest(request.dataDir(), request.metricsDir(), request.runsDir(),
                        resume ? null : run.runId(), resume ? run.runId() : null, run.config().train(),
                        run.config().resolvedJson(), request.listeners(),
                        line -> request.console().accept("train: " + line));
                try {
                    RunOutcome outcome = TrainJob.run(spark, train);
                    return new RunResult(run, decision, outcome.status() == RunOutcome.Status.FINISHED
                            ? Outcome.FINISHED : Outcome.FAILED, outcome.failure());
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    say(request, name + ": FAILED: " + reason + "; going on with the next run");
                    return new RunResult(run, decision, Outcome.FAILED, Optional.of(reason));
                }
        }
    }

    /** What the runs table and RUNS_DIR hold about a run. */
    private static RunDecision.Recorded recorded(MetricsStore store, String runsDir, String runId, Configuration hadoop)
            throws IOException {
        Optional<RunRecord> row = store.run(runId);
        Optional<RunDirectory> folder = RunDirectory.find(runsDir, runId, hadoop);
        if (row.isEmpty() && folder.isEmpty()) {
            return RunDecision.Recorded.NOTHING;
        }
        int checkpoint = 0;
        if (folder.isPresent()) {
            checkpoint = folder.get().latestCheckpoint().map(cp -> cp.report().epoch()).orElse(0);
        }
        String config = folder.map(f -> f.run().config()).orElseGet(() -> row.get().config());
        return new RunDecision.Recorded(row.map(RunRecord::status).orElse(null), config, folder.isPresent(), checkpoint);
    }

    private static void say(ExperimentRequest request, String line) {
        request.console().accept("experiment: " + line);
    }
}
