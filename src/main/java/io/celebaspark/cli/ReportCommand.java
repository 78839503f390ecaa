package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.metrics.tables.MetricsTablesNotFoundException;
import io.celebaspark.report.NothingToReportException;
import io.celebaspark.report.ReportJob;
import io.celebaspark.report.ReportOptions;
import io.celebaspark.report.ReportRequest;
import io.celebaspark.report.ReportResult;
import io.celebaspark.report.UnknownExperimentException;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code report}: reads an experiment from the metrics tables through Spark SQL and writes a self-contained
 * HTML report with PNG charts and a Markdown summary, which it also prints: accuracy per cell (arm × grid
 * point) over seeds, updates and wall time to a target, the verdict of batch growth against LR decay, and the
 * runs' schedules priced on a cluster ({@code report.cost-model.*}).
 */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "write an experiment's HTML report (charts, statistics, verdict) and print its Markdown summary";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("metrics", "METRICS_DIR", "metrics folder written by train/experiment (runs/, epochs/, ...)"),
                CliOption.required("experiment", "NAME", "the experiment (the runs table's experiment column)"),
                CliOption.required("output", "REPORT_DIR", "folder for index.html, summary.md and charts/ (files replaced)"),
                CliOption.value("treatment", "ARM", "arm tested as worse (default " + ReportOptions.DEFAULT_TREATMENT + ")"),
                CliOption.value("control", "ARM", "arm it is compared with (default " + ReportOptions.DEFAULT_CONTROL + ")"),
                CliOption.value("margin", "POINTS", "equivalence margin in accuracy points (default "
                        + 100 * ReportOptions.DEFAULT_MARGIN + ")"),
                CliOption.value("target", "ACC", "target mean validation accuracy as a fraction, e.g. 0.9 (default:"
                        + " 90% of the way from the majority baseline to the best cell)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) {
        ReportRequest request = new ReportRequest(args.required("metrics"), args.required("experiment"),
                Path.of(args.required("output")), options(args), Optional.of(config.costModel()));
        // A session already running in this JVM (a notebook, the test suite) is not the command's to stop.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create("celeba-spark report " + request.experiment(), config.cluster());
        try {
            ReportResult result = ReportJob.run(spark, request);
            out.print(result.files().markdown());
            out.println();
            out.println("report: " + result.files().index().toAbsolutePath() + " (charts in "
                    + result.files().index().toAbsolutePath().resolveSibling("charts") + ")");
        } catch (MetricsTablesNotFoundException | UnknownExperimentException e) {
            throw new UsageException(e.getMessage());
        } catch (NothingToReportException e) {
            throw new CommandFailedException(e.getMessage());
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private static ReportOptions options(ParsedArgs args) {
        try {
            return new ReportOptions(args.value("treatment").orElse(ReportOptions.DEFAULT_TREATMENT),
                    args.value("control").orElse(ReportOptions.DEFAULT_CONTROL),
                    args.value("margin").map(v -> CliNumbers.decimal("margin", v) / 100).orElse(ReportOptions.DEFAULT_MARGIN),
                    args.value("target").map(v -> OptionalDouble.of(CliNumbers.decimal("target", v)))
                            .orElse(OptionalDouble.empty()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
