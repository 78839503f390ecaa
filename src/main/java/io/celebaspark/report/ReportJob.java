package io.celebaspark.report;

import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * The report: loads an experiment from the metrics tables through Spark SQL ({@link ExperimentTables}),
 * analyses it ({@link ExperimentAnalysis}: cells, tests, verdicts), prices its runs on a cluster when asked
 * ({@link ClusterCost}) and writes the HTML report, its charts and the Markdown summary ({@link ReportFiles}).
 * Only the loading touches Spark.
 */
public final class ReportJob {
    private ReportJob() {
    }

    /**
     * @throws io.celebaspark.metrics.tables.MetricsTablesNotFoundException when the metrics root holds no table
     * @throws UnknownExperimentException  when the experiment has no run there
     * @throws NothingToReportException    when none of its runs can be scored
     */
    public static ReportResult run(SparkSession spark, ReportRequest request) {
        ExperimentData data = ExperimentTables.load(spark, request.metrics(), request.experiment());
        Report report = ExperimentAnalysis.analyse(data, request.options());
        Optional<ClusterCost> cost = request.costModel().map(settings -> clusterCost(spark, data, report, settings));
        return new ReportResult(data, report, ReportFiles.write(report, cost, request.output()));
    }

    /** The runs priced on a cluster, the coefficients fitted to the experiment's epochs or another folder's. */
    private static ClusterCost clusterCost(SparkSession spark, ExperimentData data, Report report,
                                           CostModelSettings settings) {
        String only = settings.fitRuns().isEmpty() ? "" : " (only " + String.join(", ", settings.fitRuns()) + ")";
        if (settings.fitMetrics().isEmpty()) {
            return ClusterCost.of(report, ClusterCost.observations(data.epochs().stream()
                    .filter(e -> settings.fitsTo(e.runId())).toList()), "the experiment's runs" + only, settings);
        }
        return ClusterCost.of(report, ExperimentTables.roundObservations(spark, settings.fitMetrics(), settings),
                "the runs under " + settings.fitMetrics() + only, settings);
    }
}
