package io.celebaspark.metrics.tables;

/**
 * Where a run stands, as the {@code runs} table's {@code status} column spells it. A run is written
 * {@link #RUNNING} when it starts and rewritten with its final status when it ends, so a run that shows
 * {@code RUNNING} with no live driver died without being able to say so (killed JVM, lost node).
 */
public enum RunStatus {
    RUNNING,
    FINISHED,
    FAILED,
    /** Stopped on purpose (signal, cancelled experiment); resumable like a failed run. */
    KILLED
}
