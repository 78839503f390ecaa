package io.celebaspark.metrics.tables;

import io.celebaspark.errors.FailureReason;
import io.celebaspark.fs.HadoopFiles;
import io.celebaspark.metrics.Evaluation;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.celebaspark.metrics.tables.MetricsSchemas.EPOCH;
import static io.celebaspark.metrics.tables.MetricsSchemas.EPOCHS;
import static io.celebaspark.metrics.tables.MetricsSchemas.EVENTS;
import static io.celebaspark.metrics.tables.MetricsSchemas.KIND;
import static io.celebaspark.metrics.tables.MetricsSchemas.LABEL_METRICS;
import static io.celebaspark.metrics.tables.MetricsSchemas.RUNS;
import static io.celebaspark.metrics.tables.MetricsSchemas.RUN_ID;
import static io.celebaspark.metrics.tables.MetricsSchemas.SPLIT;

/**
 * The metrics tables of docs/architecture.md under one root folder (any Hadoop URI): {@code runs/}, {@code epochs/},
 * {@code label_metrics/} and {@code events/}, one Delta table each, created with {@link MetricsSchemas} on
 * first write. Delta because every write here is one atomic commit that replaces exactly the rows it is
 * about ({@code replaceWhere}), so a trainer that crashes and resumes can write the same epoch again and
 * the tables still hold exactly one {@code epochs} row per (run, epoch): readers never see half a write
 * and never see duplicates.
 *
 * <p>Writes are driver-side and tiny (a few rows); each goes out as one file in one commit. One writer
 * per run: runs writing at the same time touch different {@code run_id} partitions. Their commits may still
 * race (two first writes into an empty root both create the table), and Delta then rejects the later one:
 * every write is retried through {@link CommitRetry}, with a warning per retry.
 *
 * <p>Tables written by an older build lack the nullable columns added since (always at the end of
 * {@link MetricsSchemas}' schemas). The first time a store writes to such a table it adds them, once, with
 * Delta's {@code ALTER TABLE ... ADD COLUMNS} (old rows then read them as null), never by merging a write's
 * schema into the table: the schemas stay fixed here. Readers ({@link #registerViews}, the store's reads) do
 * not alter anything: they see a missing column as nulls of its type.
 */
public final class MetricsStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsStore.class);
    private static final String DELTA = "delta";
    private static final String VAL = "val";

    private final SparkSession spark;
    private final String root;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    /** Tables this store has seen to hold every column of the current schema. */
    private final Set<String> current = ConcurrentHashMap.newKeySet();
    private final CommitRetry retry = new CommitRetry(CommitRetry.ATTEMPTS, Thread::sleep,
            () -> ThreadLocalRandom.current().nextDouble(), LOG::warn);

    private MetricsStore(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
    }

    /**
     * A store over {@code root}; nothing is read or created until the first call. The session must be
     * Delta-enabled ({@code io.celebaspark.spark.SparkSessions} makes every session so).
     */
    public static MetricsStore open(SparkSession spark, String root) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("metrics root must not be blank");
        }
        return new MetricsStore(spark, root);
    }

    /**
     * Refuses a metrics root this process cannot write, before any work: otherwise a run would train its
     * first epoch only to fail at its first commit. Probes the root and, where they exist, each table's folder
     * (Delta writes its data files there) and its {@code _delta_log} (the commits).
     *
     * @throws IllegalArgumentException naming the folder that cannot be written, the reason and what to do
     */
    public void requireWritable() {
        Path rootPath = new Path(root);
        FileSystem fs = HadoopFiles.fileSystem(rootPath, spark.sparkContext().hadoopConfiguration());
        Path folder = rootPath;
        try {
            HadoopFiles.probeWritable(fs, folder);
            for (String table : MetricsSchemas.TABLES) {
                for (Path inTable : List.of(new Path(rootPath, table), new Path(new Path(rootPath, table), "_delta_log"))) {
                    folder = inTable;
                    if (fs.exists(folder)) {
                        HadoopFiles.probeWritable(fs, folder);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("metrics root " + root + " is not writable (" + folder + ": "
                    + FailureReason.of(e) + "): give --metrics a folder this user can write, or make it writable;"
                    + " nothing was trained or written", e);
        }
    }

    /**
     * Creates the tables that do not exist yet. Runs that write side by side ({@code experiment --parallel})
     * call it before they start: otherwise their first writes would each try to create the same table, and
     * Delta commits a table's version 0 only once, so all but one of those writes would fail.
     */
    public void createTables() {
        MetricsSchemas.TABLES.forEach(table -> retry.run("create metrics table " + path(table), () -> ensureTable(table)));
    }

    /** Writes a run's row, atomically replacing the one it had: exactly one row per run id. */
    public void saveRun(RunRecord run) {
        replace(RUNS, List.of(MetricsRows.run(run)), eq(RUN_ID, run.runId()));
    }

    /**
     * Records the end of an epoch: its {@code epochs} row, its validation metrics per label and the
     * controller's decisions. Idempotent per (run, epoch): recording an epoch again (the trainer replays
     * the epoch after a crash and resume) replaces that epoch's row, its {@code val} label metrics and its
     * {@linkplain EventRecord#isEpochDecision() decisions}, and leaves its lifecycle events (RESUMED, …).
     *
     * <p>Three tables, three Delta commits, in this order: label metrics, decisions, then the {@code epochs}
     * row last, which marks the epoch as recorded. A crash between them leaves an epoch with metrics or
     * decisions but no {@code epochs} row (or, on a replay, the previous attempt's row); the trainer then
     * resumes from its last checkpoint, which is at or before that epoch, replays it and records it again,
     * and every commit replaces what the interrupted attempt wrote.
     *
     * @param epoch     the epoch's row
     * @param val       the model's scores on the validation split at the epoch's end (split {@code val})
     * @param decisions the controller's decisions at the epoch's end, in order; may be empty
     */
    public void recordEpoch(EpochRecord epoch, Evaluation val, List<EventRecord> decisions) {
        if (!VAL.equals(val.split())) {
            throw new IllegalArgumentException("recordEpoch takes the validation evaluation (split 'val'), got split '"
                    + val.split() + "'; record other splits with recordEvaluation");
        }
        for (EventRecord d : decisions) {
            if (!d.runId().equals(epoch.runId()) || d.epoch() != epoch.epoch() || !d.isEpochDecision()) {
                throw new IllegalArgumentException("decision " + d.kind() + " of run " + d.runId() + " epoch "
                        + d.epoch() + " cannot be recorded with run " + epoch.runId() + " epoch " + epoch.epoch()
                        + ": decisions must belong to the epoch and be one of " + EventRecord.EPOCH_DECISION_KINDS
                        + " (append lifecycle events with appendEvent)");
            }
        }
        String thisEpoch = eq(RUN_ID, epoch.runId()) + " AND " + EPOCH + " = " + epoch.epoch();
        replace(LABEL_METRICS, MetricsRows.labelMetrics(epoch.runId(), epoch.epoch(), val),
                thisEpoch + " AND " + eq(SPLIT, VAL));
        replace(EVENTS, decisions.stream().map(MetricsRows::event).toList(),
                thisEpoch + " AND " + KIND + " IN (" + EventRecord.EPOCH_DECISION_KINDS.stream().sorted()
                        .map(MetricsStore::literal).collect(Collectors.joining(", ")) + ")");
        replace(EPOCHS, List.of(MetricsRows.epoch(epoch)), thisEpoch);
    }

    /**
     * Records a model's per-label metrics on any split (the test split at the end of a run), atomically
     * replacing what was recorded for the same (run, epoch, split).
     */
    public void recordEvaluation(String runId, int epoch, Evaluation evaluation) {
        MetricsSchemas.requireRunId(runId);
        if (evaluation.split() == null || evaluation.split().isBlank()) {
            throw new IllegalArgumentException("evaluation of run " + runId + " epoch " + epoch + " names no split");
        }
        replace(LABEL_METRICS, MetricsRows.labelMetrics(runId, epoch, evaluation),
                eq(RUN_ID, runId) + " AND " + EPOCH + " = " + epoch + " AND " + eq(SPLIT, evaluation.split()));
    }

    /** Appends a run-lifecycle event (RESUMED, ROLLED_BACK, …); decisions go with {@link #recordEpoch}. */
    public void appendEvent(EventRecord event) {
        if (event.isEpochDecision()) {
            throw new IllegalArgumentException(event.kind() + " is a per-epoch decision of run " + event.runId()
                    + " epoch " + event.epoch() + ": record it with recordEpoch so that a replayed epoch replaces it");
        }
        commit(EVENTS, path -> spark.createDataFrame(List.of(MetricsRows.event(event)), MetricsSchemas.EVENTS_SCHEMA)
                .coalesce(1).write().format(DELTA).mode(SaveMode.Append).save(path));
    }

    /** The run's row, or empty when the run was never saved. */
    public Optional<RunRecord> run(String runId) {
        List<RunRecord> runs = rows(RUNS, runId).stream().map(MetricsRows::run).toList();
        if (runs.size() > 1) {
            throw new IllegalStateException(runs.size() + " rows for run " + runId + " in " + path(RUNS));
        }
        return runs.stream().findFirst();
    }

    /** The run's epochs, in epoch order; empty when none was recorded. */
    public List<EpochRecord> epochs(String runId) {
        return rows(EPOCHS, runId).stream().map(MetricsRows::epoch)
                .sorted(Comparator.comparingInt(EpochRecord::epoch)).toList();
    }

    /**
     * The run's events by epoch, then time; events of the same epoch and time (one epoch's decisions) in
     * the order they were recorded.
     */
    public List<EventRecord> events(String runId) {
        return rows(EVENTS, runId).stream().map(MetricsRows::event)
                .sorted(Comparator.comparingInt(EventRecord::epoch).thenComparing(EventRecord::at)).toList();
    }

    /**
     * Registers the tables under {@code root} as temporary views named after them ({@code runs},
     * {@code epochs}, {@code label_metrics}, {@code events}; those that exist), plus {@code metrics}, a long
     * view in MLflow's metrics shape ({@code run_id, key, value, step, timestamp}: timestamp in epoch
     * milliseconds, step the epoch) with one row per epoch and non-null number of {@code epochs} (key
     * {@code val_loss}, {@code held_core_seconds}, {@code noise_scale}, …: every column of
     * {@link MetricsSchemas#EPOCH_METRIC_COLUMNS}) and per epoch, split, label and metric of {@code label_metrics}
     * (key {@code val/Male/accuracy}, …), when the epochs table exists.
     *
     * @return the names of the views registered, tables first
     * @throws MetricsTablesNotFoundException when the root is missing or holds no metrics table
     */
    public static List<String> registerViews(SparkSession spark, String root) {
        MetricsStore store = open(spark, root);
        List<String> views = new ArrayList<>();
        for (String table : MetricsSchemas.TABLES) {
            if (store.exists(table)) {
                store.read(table).createOrReplaceTempView(table);
                views.add(table);
            }
        }
        if (views.isEmpty()) {
            throw new MetricsTablesNotFoundException("no metrics tables under " + root + " ("
                    + (store.rootExists() ? "it holds none of " + String.join("/, ", MetricsSchemas.TABLES)
                    + "/ as a Delta table" : "it does not exist")
                    + "); they are written by train (submit/train.sh --metrics " + root + ")");
        }
        if (views.contains(EPOCHS)) {
            spark.sql(metricsViewSql(views.contains(LABEL_METRICS))).createOrReplaceTempView(MetricsSchemas.METRICS_VIEW);
            views.add(MetricsSchemas.METRICS_VIEW);
        }
        return List.copyOf(views);
    }

    private static String metricsViewSql(boolean withLabels) {
        List<String> epochColumns = MetricsSchemas.EPOCH_METRIC_COLUMNS;
        String epochKeys = epochColumns.stream().map(k -> literal(k) + ", CAST(`" + k + "` AS DOUBLE)")
                .collect(Collectors.joining(", "));
        // A null is a number the epoch does not have (not metered, not measured, an older build's row): no row.
        String sql = "SELECT run_id, key, value, epoch AS step, unix_millis(at) AS `timestamp` FROM epochs"
                + " LATERAL VIEW stack(" + epochColumns.size() + ", " + epochKeys + ") s AS key, value"
                + " WHERE s.value IS NOT NULL";
        if (!withLabels) {
            return sql;
        }
        String labelKeys = MetricsSchemas.LABEL_METRIC_COLUMNS.stream().map(k -> literal(k) + ", m." + k)
                .collect(Collectors.joining(", "));
        return sql + " UNION ALL SELECT m.run_id, concat(m.split, '/', m.label, '/', s.metric) AS key, s.value,"
                + " m.epoch AS step, unix_millis(e.at) AS `timestamp`"
                + " FROM label_metrics m LEFT JOIN epochs e ON m.run_id = e.run_id AND m.epoch = e.epoch"
                + " LATERAL VIEW stack(" + MetricsSchemas.LABEL_METRIC_COLUMNS.size() + ", " + labelKeys
                + ") s AS metric, value";
    }

    /** One Delta commit that deletes the rows matching {@code predicate} and inserts {@code rows}. */
    private void replace(String table, List<Row> rows, String predicate) {
        commit(table, path -> spark.createDataFrame(rows, MetricsSchemas.schemaOf(table)).coalesce(1)
                .write().format(DELTA).mode(SaveMode.Overwrite).option("replaceWhere", predicate).save(path));
    }

    /** Creates the table when absent, then runs the write on its path; both retried on a commit conflict. */
    private void commit(String table, Consumer<String> write) {
        retry.run("commit to metrics table " + path(table), () -> {
            write.accept(ensureTable(table));
            return null;
        });
    }

    /** Creates the table when absent and brings an older one up to the current schema; its path. */
    private String ensureTable(String table) {
        String path = path(table);
        if (!exists(table)) {
            DeltaTable.createIfNotExists(spark).location(path).addColumns(MetricsSchemas.schemaOf(table))
                    .partitionedBy(RUN_ID).execute();
            existing.add(table);
        }
        if (!current.contains(table)) {
            addMissingColumns(table, path);
            current.add(table);
        }
        return path;
    }

    /**
     * Adds the current schema's columns that the table lacks (it was written by an older build), in schema
     * order, in one {@code ALTER TABLE ... ADD COLUMNS} commit. Two stores may do it at once: the loser's
     * commit either conflicts (retried by the caller through {@link CommitRetry}) or is refused for adding
     * columns that now exist, which is success once a re-read of the schema shows them all. A missing column that is not nullable cannot be added (its old
     * rows would have no value): that table was not written by this project.
     */
    private void addMissingColumns(String table, String path) {
        List<StructField> missing = missingColumns(table, path);
        if (missing.isEmpty()) {
            return;
        }
        List<String> required = missing.stream().filter(f -> !f.nullable()).map(StructField::name).toList();
        if (!required.isEmpty()) {
            throw new IllegalStateException("the metrics table " + path + " lacks the required columns " + required
                    + ", so it was not written by celeba-spark; point --metrics at another folder");
        }
        String columns = missing.stream().map(f -> quoted(f.name()) + " " + f.dataType().sql())
                .collect(Collectors.joining(", "));
        LOG.info("metrics table {} was written by an older build: adding the columns {}", path, columns);
        try {
            spark.sql("ALTER TABLE delta." + quoted(path) + " ADD COLUMNS (" + columns + ")");
        } catch (Exception e) {
            // Exception, not RuntimeException: Delta's "duplicate columns" is an AnalysisException, checked in
            // Java though Scala never declares it
            if (!missingColumns(table, path).isEmpty()) {
                throw e;
            }
            // another store added them first
        }
    }

    private List<StructField> missingColumns(String table, String path) {
        Set<String> present = Arrays.stream(spark.read().format(DELTA).load(path).schema().fieldNames())
                .collect(Collectors.toSet());
        return Arrays.stream(MetricsSchemas.schemaOf(table).fields()).filter(f -> !present.contains(f.name())).toList();
    }

    /**
     * The table's rows with the current schema's columns: a column an older build did not write reads as
     * nulls of its type, so readers need not know which build wrote a table.
     */
    private Dataset<Row> read(String table) {
        Dataset<Row> rows = spark.read().format(DELTA).load(path(table));
        Set<String> present = Set.of(rows.schema().fieldNames());
        StructType schema = MetricsSchemas.schemaOf(table);
        for (StructField f : schema.fields()) {
            if (!present.contains(f.name())) {
                rows = rows.withColumn(f.name(), functions.lit(null).cast(f.dataType()));
            }
        }
        return rows;
    }

    private List<Row> rows(String table, String runId) {
        MetricsSchemas.requireRunId(runId);
        if (!exists(table)) {
            return List.of();
        }
        Dataset<Row> rows = read(table).where(functions.col(RUN_ID).equalTo(runId));
        return rows.collectAsList();
    }

    /** Whether the table exists; remembered once seen, since tables are never dropped behind a store. */
    private boolean exists(String table) {
        if (existing.contains(table)) {
            return true;
        }
        boolean exists = DeltaTable.isDeltaTable(spark, path(table));
        if (exists) {
            existing.add(table);
        }
        return exists;
    }

    private boolean rootExists() {
        Path path = new Path(root);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at metrics root " + root + ": " + e.getMessage(), e);
        }
    }

    private String path(String table) {
        return new Path(root, table).toString();
    }

    private static String eq(String column, String value) {
        return column + " = " + literal(value);
    }

    /** A Spark SQL identifier in backticks (a backtick inside doubled). */
    private static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A Spark SQL string literal (backslash escapes are on by default, so both quote and backslash). */
    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
