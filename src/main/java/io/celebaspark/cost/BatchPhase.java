package io.celebaspark.cost;

import io.celebaspark.train.noise.LargeBatchTradeoff;

/**
 * A stretch of a batch schedule at one global batch: an epoch of a run, or an epoch of the cluster's data. What
 * it does to the model is independent of how the batch is realised on the cluster ({@link ClusterShape}), which
 * only decides what it costs ({@link CostForecast}).
 *
 * @param epoch       the epoch it is (or belongs to)
 * @param globalBatch B, examples per round across the workers
 * @param rounds      averaging rounds (steps, at averaging frequency 1)
 * @param progress    the progress those rounds make in minimal steps ({@link LargeBatchTradeoff}); NaN when no
 *                    noise scale is known
 */
public record BatchPhase(int epoch, double globalBatch, double rounds, double progress) {
    public BatchPhase {
        if (!(globalBatch >= 1) || Double.isInfinite(globalBatch) || !(rounds >= 0) || Double.isInfinite(rounds)) {
            throw new IllegalArgumentException("a batch phase needs a global batch >= 1 and rounds >= 0, got B = "
                    + globalBatch + ", " + rounds + " rounds (epoch " + epoch + ")");
        }
    }

    /**
     * {@code rounds} at {@code globalBatch}, their progress from McCandlish's trade-off with {@code noiseScale}
     * (NaN: unknown).
     */
    public static BatchPhase of(int epoch, double globalBatch, double rounds, double noiseScale) {
        return new BatchPhase(epoch, globalBatch, rounds, Double.isNaN(noiseScale) ? Double.NaN
                : LargeBatchTradeoff.minimalSteps(rounds, globalBatch, noiseScale));
    }
}
