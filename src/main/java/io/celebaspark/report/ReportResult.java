package io.celebaspark.report;

/**
 * What a report run produced: the analysed experiment (for tests and callers that want the numbers) and the
 * files written.
 *
 * @param report the analysis
 * @param files  index.html, summary.md and the chart PNGs, with the charts' series
 */
public record ReportResult(Report report, ReportFiles.Written files) {
}
