package io.celebaspark.report;

import io.celebaspark.cost.RoundObservation;
import io.celebaspark.metrics.tables.MetricsRows;
import io.celebaspark.metrics.tables.MetricsSchemas;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.MetricsTablesNotFoundException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's Spark edge: reads one experiment's rows from the metrics tables through Spark SQL (the views
 * {@link MetricsStore#registerViews} registers) into plain records. Only what the report uses leaves the
 * cluster: the experiment's runs, epochs and events, and its label metrics at each run's final epoch.
 */
public final class ExperimentTables {
    private static final String OF_EXPERIMENT = " JOIN runs r ON t.run_id = r.run_id WHERE r.experiment = :experiment";

    private ExperimentTables() {
    }

    /**
     * @throws MetricsTablesNotFoundException when {@code root} holds no metrics table
     * @throws UnknownExperimentException     when no run belongs to {@code experiment}; lists those that exist
     */
    public static ExperimentData load(SparkSession spark, String root, String experiment) {
        List<String> views = MetricsStore.registerViews(spark, root);
        if (!views.contains(MetricsSchemas.RUNS)) {
            throw new UnknownExperimentException("no runs table under " + root + " (it holds " + views
                    + "), so no experiment; runs are written by train and experiment");
        }
        Map<String, Object> args = Map.of("experiment", experiment);
        var runs = query(spark, "SELECT * FROM runs WHERE experiment = :experiment", args, MetricsRows::run);
        if (runs.isEmpty()) {
            throw new UnknownExperimentException("no experiment '" + experiment + "' under " + root + "; "
                    + experiments(spark));
        }
        return new ExperimentData(experiment, runs,
                views.contains(MetricsSchemas.EPOCHS)
                        ? query(spark, "SELECT t.* FROM epochs t" + OF_EXPERIMENT, args, MetricsRows::epoch) : List.of(),
                views.contains(MetricsSchemas.LABEL_METRICS)
                        ? query(spark, "SELECT t.* FROM label_metrics t" + OF_EXPERIMENT + " AND t.epoch = r.final_epoch",
                        args, MetricsRows::labelMetrics) : List.of(),
                views.contains(MetricsSchemas.EVENTS)
                        ? query(spark, "SELECT t.* FROM events t" + OF_EXPERIMENT, args, MetricsRows::event) : List.of(),
                views.contains(MetricsSchemas.EPOCHS) ? noise(spark, args) : List.of());
    }

    /**
     * The noise-scale columns the epochs table has (none in tables written before them), as records; epochs
     * without a value (columns added to an old table, runs that measured nothing) are left out.
     */
    private static List<EpochNoise> noise(SparkSession spark, Map<String, Object> args) {
        List<String> present = Arrays.asList(spark.table(MetricsSchemas.EPOCHS).columns());
        if (EpochNoise.COLUMNS.stream().noneMatch(present::contains)) {
            return List.of();
        }
        String columns = EpochNoise.COLUMNS.stream()
                .map(c -> present.contains(c) ? "CAST(t." + c + " AS DOUBLE) AS " + c : "CAST(NULL AS DOUBLE) AS " + c)
                .collect(Collectors.joining(", "));
        return query(spark, "SELECT t.run_id, t.epoch, " + columns + " FROM epochs t" + OF_EXPERIMENT, args,
                row -> new EpochNoise(row.getString(0), row.getInt(1), nullableDouble(row, 2), nullableDouble(row, 3),
                        nullableDouble(row, 4))).stream().filter(n -> !Double.isNaN(n.epochNoiseScale())).toList();
    }

    /**
     * The round times of the metered epochs under another metrics root (of the runs the settings fit to), for
     * fitting the cost model there: epochs of tables without the round columns, or not metered, are left out.
     * Registers that root's views in place of the experiment's, so it is called after {@link #load}.
     *
     * @throws MetricsTablesNotFoundException when {@code root} holds no metrics table
     */
    static List<RoundObservation> roundObservations(SparkSession spark, String root, CostModelSettings settings) {
        List<String> views = MetricsStore.registerViews(spark, root);
        if (!views.contains(MetricsSchemas.EPOCHS)
                || !Arrays.asList(spark.table(MetricsSchemas.EPOCHS).columns()).contains("round_seconds_median")) {
            return List.of();
        }
        return query(spark, "SELECT run_id, workers, batch_per_worker, round_seconds_median, rounds FROM epochs"
                        + " WHERE rounds IS NOT NULL AND rounds > 0 AND round_seconds_median IS NOT NULL", Map.of(),
                row -> row).stream().filter(row -> settings.fitsTo(row.getString(0)))
                .map(row -> new RoundObservation(row.getInt(1), row.getInt(2), row.getDouble(3), row.getInt(4))).toList();
    }

    private static Double nullableDouble(Row row, int i) {
        return row.isNullAt(i) ? null : row.getDouble(i);
    }

    private static <T> List<T> query(SparkSession spark, String sql, Map<String, Object> args, Function<Row, T> record) {
        return spark.sql(sql, args).collectAsList().stream().map(record).toList();
    }

    private static String experiments(SparkSession spark) {
        List<Row> rows = spark.sql("SELECT experiment, count(*) AS runs FROM runs WHERE experiment IS NOT NULL"
                + " GROUP BY experiment ORDER BY experiment").collectAsList();
        if (rows.isEmpty()) {
            return "no run there belongs to an experiment (runs trained on their own have none)";
        }
        return "experiments: " + rows.stream().map(r -> r.getString(0) + " (" + r.getLong(1) + " runs)")
                .collect(Collectors.joining(", "));
    }
}
