package io.celebaspark.metrics.tables;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@code runs} table (docs/architecture.md): what a run was (schedule, optimizer, seed, cluster,
 * resolved configuration, code and data versions), how it ended and how its models score on test. The
 * trainer writes it when the run starts and again when it ends; {@link MetricsStore#saveRun} keeps exactly
 * one row per run id. Boxed fields are nullable: they are unknown until the run ends (or never known, for a
 * run that failed before its first epoch).
 *
 * @param runId                   unique run id
 * @param experiment              the experiment the run belongs to, or {@code null} for a single run
 * @param arm                     the experiment arm (a named schedule variant), or {@code null} outside experiments
 * @param gridPoint               the run's experiment grid coordinates other than the seed ({@code key=value}
 *                                pairs, comma-separated), or {@code null}: runs of one experiment with the same
 *                                arm and grid point differ only by seed, and form one cell of the report
 * @param schedule                {@code schedule.kind}: constant, lr-decay, batch-growth, fixed-steps, noise-scale,
 *                                noise-capped-growth
 * @param alpha                   {@code schedule.alpha}
 * @param optimizer               {@code train.optimizer}
 * @param seed                    {@code train.seed}
 * @param status                  where the run stands
 * @param startedAt               when the run (first) started
 * @param endedAt                 when it ended, {@code null} while running
 * @param sparkMaster             the Spark master URL it ran on
 * @param workers                 data-parallel workers
 * @param config                  the resolved configuration as JSON, secrets redacted
 * @param codeVersion             the build's version and git commit
 * @param dataManifestSha         SHA-256 of the data folder's manifest.json
 * @param finalEpoch              the last epoch run, {@code null} before the first
 * @param bestEpoch               the epoch with the best monitored validation value, {@code null} before the first
 * @param testLoss                final model on test: mean binary cross-entropy
 * @param testAccMean             final model on test: accuracy averaged over labels
 * @param testBalancedAccMean     final model on test: balanced accuracy averaged over labels
 * @param bestTestLoss            best-validation model on test: mean binary cross-entropy
 * @param bestTestAccMean         best-validation model on test: accuracy averaged over labels
 * @param bestTestBalancedAccMean best-validation model on test: balanced accuracy averaged over labels
 * @param failureReason           why the run failed or was killed, {@code null} otherwise
 * @param trainingPath            which code paths trained the network (layers: layout, convolution and BatchNorm
 *                                helpers, forward cache; the averaging round), as the run's log says them;
 *                                {@code null} in rows written before the column existed
 */
public record RunRecord(String runId, String experiment, String arm, String gridPoint, String schedule, double alpha, String optimizer, long seed,
                        RunStatus status, Instant startedAt, Instant endedAt, String sparkMaster, int workers,
                        String config, String codeVersion, String dataManifestSha, Integer finalEpoch,
                        Integer bestEpoch, Double testLoss, Double testAccMean, Double testBalancedAccMean,
                        Double bestTestLoss, Double bestTestAccMean, Double bestTestBalancedAccMean,
                        String failureReason, String trainingPath) {
    public RunRecord {
        MetricsSchemas.requireRunId(runId);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(sparkMaster, "sparkMaster");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Objects.requireNonNull(dataManifestSha, "dataManifestSha");
    }

    /** This run with a new status, end time and failure reason (the usual rewrite at the end of a run). */
    public RunRecord withStatus(RunStatus newStatus, Instant newEndedAt, String newFailureReason) {
        return new RunRecord(runId, experiment, arm, gridPoint, schedule, alpha, optimizer, seed, newStatus, startedAt, newEndedAt,
                sparkMaster, workers, config, codeVersion, dataManifestSha, finalEpoch, bestEpoch, testLoss,
                testAccMean, testBalancedAccMean, bestTestLoss, bestTestAccMean, bestTestBalancedAccMean,
                newFailureReason, trainingPath);
    }
}
