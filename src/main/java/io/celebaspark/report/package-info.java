/**
 * The {@code report} job: one experiment's runs read from the metrics tables, grouped into cells and panels,
 * tested (Welch and TOST, from {@code report.stats}) and written as one self-contained HTML page, a Markdown
 * summary and PNG charts (JFreeChart, headless). The charts live here too: they draw the report's cells and the
 * report embeds them, so a separate package could only form a cycle with this one.
 *
 * <p>And the cost on a cluster ({@code ClusterCost}): the runs' schedules priced with the pure {@code cost}
 * package's round-time model, its settings read from {@code report.cost-model.*}.
 *
 * <p>May depend on {@code report.stats}, {@code metrics}, {@code metrics.tables}, {@code train.noise} (the
 * effective updates), {@code cost} and {@code train.control} (the cost model, the realisations), {@code config}
 * (its settings), Spark SQL and JFreeChart.
 */
package io.celebaspark.report;
