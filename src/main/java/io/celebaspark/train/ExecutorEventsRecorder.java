package io.celebaspark.train;

import io.celebaspark.cost.ExecutorChange;
import io.celebaspark.cost.ExecutorLedger;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;

import java.time.Instant;

/**
 * Writes the executor changes of the application while a run is under way into the run's {@code events}
 * ({@code EXECUTOR_ADDED}, {@code EXECUTOR_REMOVED}; the requests are {@link MetricsRecorder}'s),
 * each under the epoch during which it happened, at its own time. They are application facts: runs side by
 * side all record them. Executors registered before the run began are not events of it (its epochs'
 * {@code executors_max} counts them). Changes are appended as lifecycle events at each epoch's end and at the
 * run's end; a replayed epoch does not append them again (they are not part of the checkpoint).
 */
final class ExecutorEventsRecorder implements TrainingListener {
    private final MetricsStore store;
    private final ExecutorLedger ledger;
    private String runId;
    private long since;
    private int lastEpoch;

    /** @param since epoch milliseconds from which changes are the run's */
    ExecutorEventsRecorder(MetricsStore store, ExecutorLedger ledger, long since) {
        this.store = store;
        this.ledger = ledger;
        this.since = since;
    }

    @Override
    public void onRunStarted(RunInfo run) {
        runId = run.runId();
        lastEpoch = run.resumedFrom().map(EpochReport::epoch).orElse(0);
    }

    @Override
    public void onEpochEnded(EpochReport report) {
        record(report.epoch(), report.at().toEpochMilli());
        lastEpoch = report.epoch();
    }

    @Override
    public void onRunEnded(RunOutcome outcome) {
        if (runId != null) {
            record(outcome.status() == RunOutcome.Status.FINISHED ? Math.max(1, lastEpoch) : lastEpoch + 1,
                    System.currentTimeMillis());
        }
    }

    private void record(int epoch, long upTo) {
        for (ExecutorChange c : ledger.changes(since, upTo)) {
            store.appendEvent(new EventRecord(runId, epoch, c.kind().name(), c.oldValue(), c.newValue(), c.reason(),
                    Instant.ofEpochMilli(c.atMillis())));
        }
        since = Math.max(since, upTo);
    }
}
