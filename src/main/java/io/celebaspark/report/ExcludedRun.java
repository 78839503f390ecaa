package io.celebaspark.report;

import io.celebaspark.metrics.tables.RunRecord;

/**
 * A run of the experiment that no statistic counts, listed in the report rather than silently dropped:
 * not finished (running, failed, killed), or finished without the metrics the comparison needs.
 *
 * @param run    its runs table row
 * @param reason why it is left out
 */
public record ExcludedRun(RunRecord run, String reason) {
}
