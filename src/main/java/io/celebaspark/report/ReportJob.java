package io.celebaspark.report;

import org.apache.spark.sql.SparkSession;

/**
 * The report: loads an experiment from the metrics tables through Spark SQL ({@link ExperimentTables}),
 * analyses it ({@link ExperimentAnalysis}: cells, tests, verdicts) and writes the HTML report, its charts and
 * the Markdown summary ({@link ReportFiles}). Only the loading touches Spark.
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
        return new ReportResult(data, report, ReportFiles.write(report, request.output()));
    }
}
