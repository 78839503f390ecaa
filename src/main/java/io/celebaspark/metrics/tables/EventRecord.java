package io.celebaspark.metrics.tables;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the {@code events} table (docs/architecture.md): something that changed how a run proceeds, so that a
 * run's schedule and history can be read back from the table alone. Two families, told apart by
 * {@link #isEpochDecision()}:
 * <ul>
 *   <li>the controller's decisions at the end of an epoch ({@link #EPOCH_DECISION_KINDS}), written with the
 *       epoch by {@link MetricsStore#recordEpoch} and replaced when the epoch is replayed after a resume
 *       (the replay decides again);</li>
 *   <li>run-lifecycle events (RESUMED, ROLLED_BACK, …), appended by {@link MetricsStore#appendEvent} and never
 *       replaced: they record what happened to the run, which replaying an epoch does not undo.</li>
 * </ul>
 *
 * @param runId    the run
 * @param epoch    the epoch the event belongs to (for a decision, the epoch at whose end it was taken)
 * @param kind     what happened, in capitals (PLATEAU, LR_DECAYED, RESUMED, …)
 * @param oldValue the value before, or {@code null} when the kind carries none
 * @param newValue the value after, or {@code null} when the kind carries none
 * @param reason   a sentence saying why
 * @param at       when it happened
 */
public record EventRecord(String runId, int epoch, String kind, Double oldValue, Double newValue, String reason,
                          Instant at) {
    /**
     * The kinds decided at the end of an epoch (the plateau controller's, plus the trainer's divergence
     * check); the names of {@code io.celebaspark.train.control.ControllerEvent.Kind} and DIVERGED.
     */
    public static final Set<String> EPOCH_DECISION_KINDS = Set.of("PLATEAU", "BATCH_GROWN", "BATCH_CAPPED",
            "LR_DECAYED", "EARLY_STOPPED", "BUDGET_SPENT", "DIVERGED", "NOISE_SCALE", "NOISE_MISSING", "BATCH_SHRUNK");

    public EventRecord {
        MetricsSchemas.requireRunId(runId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (kind.isBlank() || !kind.equals(kind.strip())) {
            throw new IllegalArgumentException("event kind must be a non-blank word, got '" + kind + "'");
        }
    }

    /** Whether this event is a per-epoch decision, replaced when its epoch is recorded again. */
    public boolean isEpochDecision() {
        return EPOCH_DECISION_KINDS.contains(kind);
    }
}
