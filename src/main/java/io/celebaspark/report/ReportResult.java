package io.celebaspark.report;

/**
 * What a report run produced: the rows it read, the analysis (for tests and callers that want the numbers)
 * and the files written.
 *
 * @param data   the experiment's rows as read from the metrics tables
 * @param report the analysis
 * @param files  index.html, summary.md and the chart PNGs, with the charts' series
 */
public record ReportResult(ExperimentData data, Report report, ReportFiles.Written files) {
}
