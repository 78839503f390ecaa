package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.MetricsTablesNotFoundException;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * {@code sql}: one Spark SQL query over the metrics tables, registered as views ({@code runs},
 * {@code epochs}, {@code label_metrics}, {@code events} and the long {@code metrics} view), printed as a
 * text table, CSV or JSON lines. The quickest way to ask the tables a question without a notebook; a query
 * Spark cannot analyse is a usage error whose last line is Spark's own message.
 */
final class SqlCommand implements Command {
    private static final int DEFAULT_TABLE_LIMIT = 100;

    /** Output formats of {@code --format}. */
    private enum Format {
        TABLE, CSV, JSON;

        static Format parse(String value) {
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return f;
                }
            }
            throw new UsageException("--format must be table, csv or json, got '" + value + "'");
        }
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String summary() {
        return "run a Spark SQL query over the metrics tables (runs, epochs, label_metrics, events, metrics)";
    }

    @Override
    public String positionalUsage() {
        return "\"SELECT ...\"";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("metrics", "METRICS_DIR", "metrics folder written by train (runs/, epochs/, ...)"),
                CliOption.value("format", "table|csv|json", "output: aligned table (default), RFC 4180 CSV, JSON lines"),
                CliOption.value("limit", "N", "print at most N rows (table: default " + DEFAULT_TABLE_LIMIT
                        + "; csv, json: all; 0 = all)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) {
        Format format = Format.parse(args.value("format").orElse("table"));
        int limit = CliNumbers.nonNegative(args, "limit", format == Format.TABLE ? DEFAULT_TABLE_LIMIT : 0);
        String query = String.join(" ", args.positionals()).strip();
        String metrics = args.required("metrics");
        // A session already running in this JVM (a notebook, the test suite) is not the command's to stop.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create("celeba-spark sql", config.cluster());
        try {
            List<String> views;
            try {
                views = MetricsStore.registerViews(spark, metrics);
            } catch (MetricsTablesNotFoundException e) {
                throw new UsageException(e.getMessage());
            }
            String viewList = String.join(", ", views);
            if (query.isEmpty()) {
                throw new UsageException("no query given; views: " + viewList
                        + "; e.g. sql --metrics " + metrics + " \"SELECT * FROM " + views.get(0) + "\"");
            }
            Dataset<Row> result;
            try {
                result = spark.sql(query);
            } catch (Exception e) { // Scala declares no checked exceptions: AnalysisException arrives undeclared
                if (!(e instanceof AnalysisException analysis)) {
                    throw e;
                }
                throw new UsageException("bad query (views: " + viewList + "): "
                        + analysis.getSimpleMessage().strip().replaceAll("\\s*\\R\\s*", " "));
            }
            switch (format) {
                case TABLE -> printTable(result, limit, out);
                case CSV -> printCsv(limit > 0 ? result.limit(limit) : result, out);
                case JSON -> (limit > 0 ? result.limit(limit) : result).toJSON().toLocalIterator()
                        .forEachRemaining(out::println);
            }
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private static void printTable(Dataset<Row> result, int limit, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        Iterator<Row> it = asStrings(limit > 0 ? result.limit(limit + 1) : result).toLocalIterator();
        while (it.hasNext()) {
            rows.add(cells(it.next()));
        }
        long total = rows.size();
        if (limit > 0 && rows.size() > limit) {
            rows = rows.subList(0, limit);
            total = result.count();
        }
        List<Boolean> numeric = Arrays.stream(result.schema().fields())
                .map(f -> f.dataType() instanceof NumericType).toList();
        ResultFormatter.table(List.of(result.columns()), numeric, rows).forEach(out::println);
        out.println(rows.size() == total ? "(" + total + (total == 1 ? " row)" : " rows)")
                : String.format(Locale.ROOT, "(%d of %d rows shown, %d left out; --limit N to show more, 0 for all)",
                rows.size(), total, total - rows.size()));
    }

    private static void printCsv(Dataset<Row> result, PrintStream out) {
        out.print(ResultFormatter.csvRecord(List.of(result.columns())) + "\r\n");
        Iterator<Row> it = asStrings(result).toLocalIterator();
        while (it.hasNext()) {
            out.print(ResultFormatter.csvRecord(cells(it.next())) + "\r\n");
        }
        out.flush();
    }

    /** Every column cast to a string by Spark (as spark-sql shows it); positional names survive duplicates. */
    private static Dataset<Row> asStrings(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        String[] positional = new String[fields.length];
        Column[] cast = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            positional[i] = "c" + i;
            cast[i] = functions.col(positional[i]).cast("string");
        }
        return result.toDF(positional).select(cast);
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            cells.add(row.isNullAt(i) ? null : row.getString(i));
        }
        return cells;
    }
}
