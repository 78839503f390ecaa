package io.celebaspark.metrics.tables;

import io.celebaspark.cost.EpochCost;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@code epochs} table (docs/architecture.md): how an epoch ran (global batch = batch per worker
 * &times; workers, learning rate, cumulative updates and examples, so curves can be drawn against updates as
 * Smith et al. do) and how the model scored on validation at its end. Exactly one row per (run, epoch).
 *
 * @param runId              the run
 * @param epoch              1-based epoch number
 * @param globalBatch        examples per parameter update across all workers
 * @param batchPerWorker     examples per worker per local step
 * @param workers            data-parallel workers
 * @param learningRate       the learning rate during the epoch
 * @param updates            parameter updates since the run started, this epoch included
 * @param examplesSeen       training examples processed since the run started, this epoch included
 * @param trainLoss          mean training loss over the epoch
 * @param valLoss            mean validation binary cross-entropy at the epoch's end
 * @param valAccMean         validation accuracy averaged over labels
 * @param valBalancedAccMean validation balanced accuracy averaged over labels
 * @param epochSeconds       wall-clock seconds of the epoch (training and validation)
 * @param examplesPerSecond  training examples per second over the epoch
 * @param at                 when the epoch ended
 * @param cost               executors, held and busy core-seconds and averaging rounds of the epoch; {@code null}
 *                           when not metered (rows of an older build, sessions without the cost meter)
 * @param noiseScaleEma      gradient noise scale B_noise = tr(Σ)/|G|² in examples, moving average over
 *                           {@code train.noise-scale.ema-horizon-examples} (docs/noise-scale.md); null when not measured;
 *                           +Infinity when the |G|² estimate is not positive
 * @param noiseScale         the epoch's pooled noise scale (its rounds only)
 * @param noiseScaleSe       batch-means standard error of {@code noiseScale}; null with too few rounds
 * @param noiseRounds        averaging rounds the pooled noise scale rests on
 * @param noiseGradSqr       the moving average's unbiased |G|²
 * @param noiseTraceCov      the moving average's unbiased tr(Σ)
 * @param noiseScalePre      Adam's preconditioned noise scale (moving average); null for other optimisers
 */
public record EpochRecord(String runId, int epoch, long globalBatch, int batchPerWorker, int workers,
                          double learningRate, long updates, long examplesSeen, double trainLoss, double valLoss,
                          double valAccMean, double valBalancedAccMean, double epochSeconds,
                          double examplesPerSecond, Instant at, EpochCost cost, Double noiseScaleEma,
                          Double noiseScale, Double noiseScaleSe, Integer noiseRounds, Double noiseGradSqr,
                          Double noiseTraceCov, Double noiseScalePre) {
    public EpochRecord {
        MetricsSchemas.requireRunId(runId);
        Objects.requireNonNull(at, "at");
    }

    /** An epoch whose cost was not metered and whose noise scale was not measured. */
    public EpochRecord(String runId, int epoch, long globalBatch, int batchPerWorker, int workers,
                       double learningRate, long updates, long examplesSeen, double trainLoss, double valLoss,
                       double valAccMean, double valBalancedAccMean, double epochSeconds,
                       double examplesPerSecond, Instant at) {
        this(runId, epoch, globalBatch, batchPerWorker, workers, learningRate, updates, examplesSeen, trainLoss,
                valLoss, valAccMean, valBalancedAccMean, epochSeconds, examplesPerSecond, at, null);
    }

    /** An epoch whose noise scale was not measured. */
    public EpochRecord(String runId, int epoch, long globalBatch, int batchPerWorker, int workers,
                       double learningRate, long updates, long examplesSeen, double trainLoss, double valLoss,
                       double valAccMean, double valBalancedAccMean, double epochSeconds,
                       double examplesPerSecond, Instant at, EpochCost cost) {
        this(runId, epoch, globalBatch, batchPerWorker, workers, learningRate, updates, examplesSeen, trainLoss,
                valLoss, valAccMean, valBalancedAccMean, epochSeconds, examplesPerSecond, at, cost, null, null, null,
                null, null, null, null);
    }
}
