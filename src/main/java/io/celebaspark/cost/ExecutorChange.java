package io.celebaspark.cost;

import java.util.Objects;

/**
 * Something that changed the executors an application holds, as the {@code events} table records it. (What the
 * driver asked for, and when it was ready, are the scale-out's own events: {@code EXECUTORS_REQUESTED} and
 * {@code EXECUTORS_READY}, written from {@code TrainingListener.onExecutorsScaled}.)
 *
 * @param kind     what happened
 * @param atMillis when, epoch milliseconds (Spark's clock for additions and removals)
 * @param oldValue executors before
 * @param newValue executors after
 * @param reason   a sentence saying what and why
 */
public record ExecutorChange(Kind kind, long atMillis, double oldValue, double newValue, String reason) {
    /** The kinds, named as the {@code events} table's {@code kind} column spells them. */
    public enum Kind {
        EXECUTOR_ADDED, EXECUTOR_REMOVED
    }

    public ExecutorChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
