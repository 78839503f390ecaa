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
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code experiment} job: an experiment's planned runs in one Spark application (the session, its
 * executors and their native libraries are set up once), each an ordinary {@link TrainJob} run under its
 * deterministic id, tagged with the experiment, arm and grid point; {@link ExperimentRequest#parallel()} of
 * them at a time, in plan order.
 *
 * <p>Before each run it asks the runs table and RUNS_DIR what is already there ({@link RunDecision}):
 * FINISHED runs are skipped, unfinished ones resume from their checkpoints, so an interrupted or partly
 * failed experiment is completed by launching it again. A run that fails (a divergence, a lost executor)
 * does not stop the others: it is reported in the result and the next launch resumes it.
 *
 * <p>Side by side ({@code parallel > 1}): each run trains on a thread of its own, and every thread submits its
 * Spark jobs to a scheduler pool of its own ({@value #POOL_PREFIX}1, 2, ...), so with
 * {@code spark.scheduler.mode=FAIR} the runs share the executors equally, and one run's driver-side work
 * (averaging, validation, checkpoints, metrics commits) leaves the executors to the others instead of idle.
 * Runs are independent: each has its own run id, run folder, scratch folder and {@code run_id} partition of
 * the metrics tables, which are created before the runs start so that no two first writes race to create
 * one. The decision for a run is taken when a thread picks it up, as in a sequential launch.
 */
public final class ExperimentJob {
    /** The Spark local property that names a thread's scheduler pool. */
    public static final String POOL_PROPERTY = "spark.scheduler.pool";
    /** Scheduler pools of side-by-side runs: one per thread, {@code experiment-slot-1} and on. */
    public static final String POOL_PREFIX = "experiment-slot-";

    private ExperimentJob() {
    }

    /** Runs (or, for a dry run, only decides) every planned run; results in plan order. */
    public static ExperimentResult run(SparkSession spark, ExperimentRequest request) throws IOException {
        MetricsStore store = MetricsStore.open(spark, request.metricsDir());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<PlannedRun> runs = request.plan().runs();
        List<RunResult> results = new ArrayList<>();
        if (request.dryRun()) {
            for (int i = 0; i < runs.size(); i++) {
                PlannedRun run = runs.get(i);
                RunDecision decision = RunDecision.decide(run, recorded(store, request.runsDir(), run.runId(), hadoop));
                say(request, name(i, runs.size(), run) + " (arm " + run.arm() + ", seed " + run.seed()
                        + (run.gridPoint().isEmpty() ? "" : ", " + run.gridPoint()) + "): " + decision.describe(true));
                results.add(new RunResult(run, decision, Outcome.PLANNED, Optional.empty()));
            }
            return new ExperimentResult(results);
        }
        store.requireWritable();
        if (request.parallel() > 1) {
            store.createTables();
        }
        ExecutorService threads = Executors.newFixedThreadPool(request.parallel(),
                slots(spark.sparkContext(), request.parallel() > 1));
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                PlannedRun run = runs.get(i);
                String name = name(i, runs.size(), run);
                futures.add(threads.submit(() -> {
                    RunDecision decision = RunDecision.decide(run, recorded(store, request.runsDir(), run.runId(), hadoop));
                    say(request, name + ": " + decision.describe(false));
                    return execute(spark, request, run, decision, name);
                }));
            }
            for (Future<RunResult> future : futures) {
                results.add(outcome(future));
            }
        } catch (IOException | RuntimeException e) {
            // Runs not started yet are dropped; the ones training end as they would (their next launch resumes
            // them) before the caller stops the session under them.
            threads.shutdownNow();
            awaitRunning(threads, e);
            throw e;
        }
        threads.shutdown();
        return new ExperimentResult(results);
    }

    /**
     * Threads named after their slot; side by side, each also submits its Spark jobs to the slot's own
     * scheduler pool (a local property, which the thread's jobs carry).
     */
    private static ThreadFactory slots(SparkContext sc, boolean ownPools) {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            String slot = POOL_PREFIX + next.getAndIncrement();
            Thread thread = new Thread(() -> {
                if (ownPools) {
                    sc.setLocalProperty(POOL_PROPERTY, slot);
                }
                task.run();
            }, slot);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A run's result; reading what is recorded about it can fail only as a whole launch would (I/O). */
    private static RunResult outcome(Future<RunResult> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the experiment's runs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitRunning(ExecutorService threads, Exception failure) {
        try {
            while (!threads.awaitTermination(1, TimeUnit.MINUTES)) {
                // a run still training: it ends by itself
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        }
    }

    private static String name(int i, int of, PlannedRun run) {
        return "run " + (i + 1) + "/" + of + " " + run.runId();
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
                // Side by side, the runs' progress lines interleave: each says whose it is.
                String prefix = request.parallel() > 1 ? "train " + run.runId() + ": " : "train: ";
                TrainRequest train = new TrainRequest(request.dataDir(), request.metricsDir(), request.runsDir(),
                        resume ? null : run.runId(), resume ? run.runId() : null, run.config().train(),
                        run.config().resolvedJson(), request.listeners(),
                        line -> request.console().accept(prefix + line));
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
