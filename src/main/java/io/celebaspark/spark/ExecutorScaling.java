package io.celebaspark.spark;

import java.util.Locale;

/**
 * What one executor request did before an epoch: the event a cost meter or the metrics tables record
 * ({@code EXECUTORS_REQUESTED}, {@code EXECUTORS_READY}).
 *
 * @param workers    the workers (task slots) the epoch needs
 * @param before     executors registered before the request
 * @param requested  executors requested: the workers' slots at {@code spark.executor.cores / spark.task.cpus} each
 * @param registered executors registered and running tasks when the wait ended
 * @param seconds    from the request until {@code requested} executors ran tasks, or to the timeout
 */
public record ExecutorScaling(int workers, int before, int requested, int registered, double seconds) {

    /** The request was met within the timeout. */
    public boolean ready() {
        return registered == requested;
    }

    /** One sentence for the console and the events table. */
    public String describe() {
        return String.format(Locale.ROOT, "%d -> %d executors for %d workers: %d ready after %.1f s%s", before,
                requested, workers, registered, seconds, ready() ? ""
                        : " (cluster.scale-out.ready-timeout-seconds passed: the rounds run in waves on the executors there are)");
    }
}
