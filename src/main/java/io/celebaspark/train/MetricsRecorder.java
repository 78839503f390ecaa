package io.celebaspark.train;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.spark.ExecutorScaling;

import io.celebaspark.train.noise.NoiseScaleEstimate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Writes a run into the metrics tables (docs/architecture.md): its {@code runs} row when it starts and ends, one
 * {@code epochs} row with its validation {@code label_metrics} and controller {@code events} per epoch, test
 * metrics at the end. Every write replaces by key, so a resumed run first replays its checkpoint's epoch
 * (which a crash may have left unwritten) and the tables hold exactly one row per run and epoch.
 */
final class MetricsRecorder implements TrainingListener {
    private final MetricsStore store;
    private RunInfo run;

    MetricsRecorder(MetricsStore store) {
        this.store = store;
    }

    @Override
    public void onRunStarted(RunInfo run) {
        this.run = run;
        store.saveRun(runRow(RunStatus.RUNNING, null, Optional.empty(), Optional.empty(), Optional.empty()));
        run.resumedFrom().ifPresent(cp -> {
            record(cp);
            store.appendEvent(new EventRecord(run.runId(), cp.epoch(), "RESUMED", (double) cp.epoch(), (double) cp.epoch() + 1,
                    "resumed from the checkpoint of epoch " + cp.epoch(), Instant.now()));
        });
    }

    @Override
    public void onEpochEnded(EpochReport report) {
        record(report);
    }

    @Override
    public void onEvaluated(int epoch, Evaluation evaluation) {
        if (!evaluation.split().equals("val")) {
            store.recordEvaluation(run.runId(), epoch, evaluation);
        }
    }

    @Override
    public void onRolledBack(String runId, int restoredEpoch, double oldLearningRate, double newLearningRate,
                             String reason) {
        store.appendEvent(new EventRecord(runId, restoredEpoch, "ROLLED_BACK", oldLearningRate, newLearningRate,
                reason, Instant.now()));
    }

    /** {@code EXECUTORS_REQUESTED} (old and new executors) and {@code EXECUTORS_READY} (registered, seconds). */
    @Override
    public void onExecutorsScaled(int epoch, ExecutorScaling scaling) {
        Instant now = Instant.now();
        store.appendEvent(new EventRecord(run.runId(), epoch, "EXECUTORS_REQUESTED", (double) scaling.before(),
                (double) scaling.requested(), "before epoch " + epoch + ": " + scaling.describe(), now));
        store.appendEvent(new EventRecord(run.runId(), epoch, "EXECUTORS_READY", (double) scaling.registered(),
                scaling.seconds(), "before epoch " + epoch + ": " + scaling.describe(), now));
    }

    @Override
    public void onRunEnded(RunOutcome outcome) {
        if (run == null) {
            return;
        }
        if (outcome.status() == RunOutcome.Status.FAILED) {
            int epoch = outcome.lastEpoch() + 1;
            store.appendEvent(new EventRecord(run.runId(), epoch, "FAILED", null, null,
                    outcome.failure().orElse("unknown"), Instant.now()));
        }
        store.saveRun(runRow(outcome.status() == RunOutcome.Status.FINISHED ? RunStatus.FINISHED : RunStatus.FAILED,
                outcome, outcome.finalTest(), outcome.bestTest(), outcome.failure()));
    }

    private void record(EpochReport r) {
        List<EventRecord> decisions = r.decision().events().stream()
                .map(e -> new EventRecord(run.runId(), e.epoch(), e.kind().name(), e.oldValue(), e.newValue(),
                        e.reason(), r.at()))
                .toList();
        store.recordEpoch(new EpochRecord(run.runId(), r.epoch(), r.state().globalBatch(), r.state().batchPerWorker(),
                r.state().workers(), r.state().learningRate(), r.updates(), r.examplesSeen(), r.fit().trainLoss(),
                r.validation().loss(), r.validation().meanAccuracy(), r.validation().meanBalancedAccuracy(),
                r.seconds(), r.examplesPerSecond(), r.at(), r.cost(),
                noise(r, NoiseScaleEstimate::noiseScale),
                noise(r, NoiseScaleEstimate::pooledNoiseScale), noise(r, NoiseScaleEstimate::standardError),
                r.noise().map(NoiseScaleEstimate::rounds).orElse(null),
                noise(r, NoiseScaleEstimate::gradientSquaredNorm), noise(r, NoiseScaleEstimate::traceCovariance),
                r.noise().map(NoiseScaleEstimate::preconditionedNoiseScale).orElse(null)), r.validation(), decisions);
    }

    /** A noise scale column of the epoch; null when not measured or not defined (NaN). */
    private static Double noise(EpochReport r, ToDoubleFunction<NoiseScaleEstimate> column) {
        return r.noise().map(column::applyAsDouble).filter(v -> !Double.isNaN(v)).orElse(null);
    }

    private RunRecord runRow(RunStatus status, RunOutcome outcome, Optional<Evaluation> finalTest,
                             Optional<Evaluation> bestTest, Optional<String> failure) {
        TrainSettings s = run.settings();
        return new RunRecord(run.runId(), blankToNull(s.experiment()), blankToNull(s.arm()), blankToNull(s.gridPoint()),
                ConfigReader.configName(s.schedule().kind()), s.schedule().alpha(), ConfigReader.configName(s.optimizer()),
                s.seed(), status, run.startedAt(), outcome == null ? null : Instant.now(), run.sparkMaster(),
                run.workers(), run.configJson(), run.codeVersion(), run.manifestSha(),
                outcome == null ? null : outcome.lastEpoch(), outcome == null ? null : outcome.bestEpoch(),
                finalTest.map(Evaluation::loss).orElse(null), finalTest.map(Evaluation::meanAccuracy).orElse(null),
                finalTest.map(Evaluation::meanBalancedAccuracy).orElse(null),
                bestTest.map(Evaluation::loss).orElse(null), bestTest.map(Evaluation::meanAccuracy).orElse(null),
                bestTest.map(Evaluation::meanBalancedAccuracy).orElse(null), failure.orElse(null), run.trainingPath());
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
