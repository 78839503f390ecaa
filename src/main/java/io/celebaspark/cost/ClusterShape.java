package io.celebaspark.cost;

import io.celebaspark.train.control.Realisation;

import java.util.Objects;

/**
 * How a batch schedule is laid out on a cluster: it starts at {@code startWorkers} workers, each a one-core task,
 * on executors of {@code coresPerExecutor} cores, and realises a larger global batch by a larger batch per worker
 * (scale-up: the workers stay) or by more workers at the starting batch per worker (scale-out: the cluster adds
 * executors).
 *
 * @param realisation      scale-up or scale-out
 * @param startWorkers     W at the schedule's first global batch
 * @param coresPerExecutor cores of one executor ({@code spark.executor.cores}, each task taking one)
 */
public record ClusterShape(Realisation realisation, int startWorkers, int coresPerExecutor) {
    public ClusterShape {
        Objects.requireNonNull(realisation, "realisation");
        if (startWorkers < 1 || coresPerExecutor < 1) {
            throw new IllegalArgumentException("a cluster shape needs at least one worker and one core per executor,"
                    + " got " + startWorkers + " workers, " + coresPerExecutor + " cores per executor");
        }
    }

    /**
     * Where a round of {@code globalBatch} runs when the schedule started at {@code startBatch}: scale-up keeps
     * the workers and divides B among them; scale-out keeps the starting batch per worker and takes as many
     * workers as B needs (rounded up, the batch then divided evenly among them, so the round still holds B).
     */
    public Placement place(double globalBatch, double startBatch) {
        if (realisation == Realisation.SCALE_UP) {
            return placement(startWorkers, globalBatch / startWorkers);
        }
        double startPerWorker = startBatch / startWorkers;
        int workers = Math.max(1, (int) Math.ceil(globalBatch / startPerWorker - 1e-9));
        return placement(workers, globalBatch / workers);
    }

    private Placement placement(int workers, double batchPerWorker) {
        return new Placement(workers, batchPerWorker, (workers + coresPerExecutor - 1) / coresPerExecutor);
    }

    /**
     * @param workers        W, tasks per round
     * @param batchPerWorker b, examples per task (B / W)
     * @param executors      executors the W tasks need
     */
    public record Placement(int workers, double batchPerWorker, int executors) {
    }
}
