package io.celebaspark.train;

import io.celebaspark.metrics.Evaluation;

import java.util.Optional;

/**
 * How a run ended, for the listeners' last event and the command's result.
 *
 * @param runId      the run
 * @param status     FINISHED, or FAILED with {@code failure}
 * @param lastEpoch  the last completed epoch (0 when none completed)
 * @param bestEpoch  the epoch of the best monitored value (0 when none)
 * @param lastReport the last completed epoch's report
 * @param finalTest  the final model on the test split, when the data has one
 * @param bestTest   the best-validation model on the test split, when the data has one
 * @param failure    why a failed run failed
 */
public record RunOutcome(String runId, Status status, int lastEpoch, int bestEpoch, Optional<EpochReport> lastReport,
                         Optional<Evaluation> finalTest, Optional<Evaluation> bestTest, Optional<String> failure) {
    /** Matches the {@code runs} table's status column (a killed driver leaves RUNNING, which resume continues). */
    public enum Status { FINISHED, FAILED }
}
