package io.celebaspark.cost;

import java.util.Objects;

/**
 * Something that changed the executors an application holds, as the {@code events} table records it.
 *
 * @param kind     what happened
 * @param atMillis when, epoch milliseconds (Spark's clock for additions and removals)
 * @param oldValue executors before ({@code EXECUTORS_READY}: the requested total)
 * @param newValue executors after ({@code EXECUTORS_REQUESTED}: the requested total; {@code EXECUTORS_READY}:
 *                 seconds from the request until that many were registered)
 * @param reason   a sentence saying what and why
 */
public record ExecutorChange(Kind kind, long atMillis, double oldValue, double newValue, String reason) {
    /** The kinds, named as the {@code events} table's {@code kind} column spells them. */
    public enum Kind {
        EXECUTOR_ADDED, EXECUTOR_REMOVED, EXECUTORS_REQUESTED, EXECUTORS_READY
    }

    public ExecutorChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
