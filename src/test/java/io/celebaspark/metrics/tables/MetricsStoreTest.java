package io.celebaspark.metrics.tables;

import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.testing.MetricsFixtures;
import io.celebaspark.testing.SharedSparkSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static io.celebaspark.testing.MetricsFixtures.T0;
import static io.celebaspark.testing.MetricsFixtures.epoch;
import static io.celebaspark.testing.MetricsFixtures.evaluation;
import static io.celebaspark.testing.MetricsFixtures.event;
import static io.celebaspark.testing.MetricsFixtures.run;
import static io.celebaspark.testing.MetricsFixtures.withCost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsStoreTest extends SharedSparkSession {
    @TempDir
    Path dir;

    private MetricsStore store() {
        return MetricsStore.open(spark(), dir.resolve("metrics").toString());
    }

    private Dataset<Row> table(String name) {
        return spark().read().format("delta").load(dir.resolve("metrics").resolve(name).toString());
    }

    /** A {@code runs} table written before the {@code training_path} column: its rows read, with no path. */
    @Test
    void aRunsRowWrittenBeforeTheTrainingPathColumnReadsWithoutIt() {
        RunRecord old = run("old", "constant", RunStatus.FINISHED);
        Row row = MetricsRows.run(old);
        StructField[] fields = MetricsSchemas.RUNS_SCHEMA.fields();
        assertEquals("training_path", fields[fields.length - 1].name());
        Object[] oldValues = new Object[fields.length - 1];
        for (int i = 0; i < oldValues.length; i++) {
            oldValues[i] = row.get(i);
        }
        spark().createDataFrame(List.of(RowFactory.create(oldValues)), new StructType(Arrays.copyOf(fields, oldValues.length)))
                .write().format("delta").partitionBy(MetricsSchemas.RUN_ID).save(dir.resolve("metrics").resolve("runs").toString());
        RunRecord read = store().run("old").orElseThrow();
        assertNull(read.trainingPath());
        assertEquals(old, read);
    }

    @Test
    void everyRecordRoundTrips() {
        MetricsStore store = MetricsStore.open(spark(), dir.resolve("metrics").toUri().toString());
        RunRecord full = new RunRecord("r1", "exp", "hybrid", "schedule.alpha=2, train.optimizer=sgd-momentum", "batch-growth", 2.0, "sgd-momentum", 42L, RunStatus.FAILED, T0,
                T0.plusSeconds(3600), "spark://127.0.0.1:7077", 2, "{\"a\":1}", "0.1.0+abc", "ab".repeat(32), 7, 5,
                0.11, 0.93, 0.9, 0.1, 0.94, 0.91, "DataBuffer released",
                "layers: NHWC; convolution helper MKLDNNConvHelper, forward cached; averaging round: DL4J stock master");
        RunRecord sparse = run("r2", "constant", RunStatus.RUNNING);
        store.saveRun(full);
        store.saveRun(sparse);
        assertEquals(full, store.run("r1").orElseThrow());
        assertEquals(sparse, store.run("r2").orElseThrow());
        assertTrue(store.run("nope").isEmpty());

        EpochRecord plain = epoch("r1", 1, 0.3);
        EpochRecord e1 = new EpochRecord(plain.runId(), plain.epoch(), plain.globalBatch(), plain.batchPerWorker(),
                plain.workers(), plain.learningRate(), plain.updates(), plain.examplesSeen(), plain.trainLoss(),
                plain.valLoss(), plain.valAccMean(), plain.valBalancedAccMean(), plain.epochSeconds(),
                plain.examplesPerSecond(), plain.at(), null, 310.0, Double.POSITIVE_INFINITY, null, 71, 0.02, 6.2, null);
        EventRecord plateau = event("r1", 1, "PLATEAU", 0.3, 0.31);
        EventRecord decayed = event("r1", 1, "LR_DECAYED", 1e-3, null);
        store.recordEpoch(e1, evaluation("val", 0.9), List.of(plateau, decayed));
        EventRecord resumed = event("r1", 2, "RESUMED", null, null);
        store.appendEvent(resumed);
        assertEquals(List.of(e1), store.epochs("r1"));
        assertEquals(List.of(plateau, decayed, resumed), store.events("r1"));
        assertEquals(List.of(), store.epochs("r2"));

        store.recordEvaluation("r1", 1, evaluation("test", 0.8));
        Map<String, Row> metrics = table("label_metrics").where("run_id = 'r1'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("split") + "/" + r.getAs("label"), r -> r));
        assertEquals(4, metrics.size(), metrics.toString());
        Row eyeglasses = metrics.get("test/Eyeglasses");
        assertEquals(0.82, eyeglasses.<Double>getAs("accuracy"), 1e-12);
        assertEquals(0.85, eyeglasses.<Double>getAs("balanced_accuracy"), 1e-12);
        assertEquals(0.8, eyeglasses.<Double>getAs("precision"), 1e-12);
        assertTrue(Double.isNaN(eyeglasses.<Double>getAs("recall")), "NaN stays NaN");
        assertEquals(0.7, eyeglasses.<Double>getAs("f1"), 1e-12);
        assertEquals(0.98, eyeglasses.<Double>getAs("auc"), 1e-12);
        assertEquals(780L, eyeglasses.<Long>getAs("examples"));
        assertEquals(47L, eyeglasses.<Long>getAs("positives"));
        assertEquals(1, eyeglasses.<Integer>getAs("epoch"));
        assertEquals(0.9, metrics.get("val/Male").<Double>getAs("accuracy"), 1e-12);
    }

    /**
     * Two runs (stores of their own, as two drivers) writing into one empty root at the same moment: both
     * create the tables and then commit epoch after epoch side by side; Delta rejects the losing commits and
     * the stores retry them, so every row of both runs is there once.
     */
    /**
     * Runs {@code write} for each run with a store of its own (as separate drivers), on threads that all start
     * writing at the same moment, and waits for them.
     */
    private void atOnce(List<String> runs, BiConsumer<String, MetricsStore> write) throws Exception {
        CyclicBarrier start = new CyclicBarrier(runs.size());
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String run : runs) {
                writers.add(pool.submit(() -> {
                    MetricsStore store = store();
                    start.await();
                    write.accept(run, store);
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRunsWritingOneRootAtOnceKeepAllTheirRows() throws Exception {
        List<String> runs = List.of("side-a", "side-b");
        atOnce(runs, (run, store) -> {
            store.saveRun(run(run, "lr-decay", RunStatus.RUNNING));
            for (int e = 1; e <= 3; e++) {
                store.recordEpoch(epoch(run, e, 0.3), evaluation("val", 0.8), List.of());
            }
            store.saveRun(run(run, "lr-decay", RunStatus.FINISHED));
        });
        for (String run : runs) {
            assertEquals(List.of(1, 2, 3), store().epochs(run).stream().map(EpochRecord::epoch).toList(), run);
            assertEquals(RunStatus.FINISHED, store().run(run).orElseThrow().status(), run);
            assertEquals(6, table("label_metrics").where("run_id = '" + run + "'").count(), run);
        }
    }

    @Test
    void reRecordingAnEpochKeepsExactlyOneRowAndTheLastValues() {
        MetricsStore store = store();
        store.recordEpoch(epoch("r", 1, 0.4), evaluation("val", 0.8), List.of());
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<EventRecord> decisions = attempt == 2
                    ? List.of(event("r", 2, "PLATEAU", 0.3, 0.3), event("r", 2, "BATCH_GROWN", 128.0, 256.0))
                    : List.of(event("r", 2, "BUDGET_SPENT", 2.0, (double) attempt));
            store.recordEpoch(epoch("r", 2, 0.3 - attempt / 100.0), evaluation("val", 0.8 + attempt / 100.0), decisions);
        }
        List<EpochRecord> epochs = store.epochs("r");
        assertEquals(List.of(1, 2), epochs.stream().map(EpochRecord::epoch).toList());
        assertEquals(0.27, epochs.get(1).valLoss(), 1e-12);
        assertEquals(1, table("epochs").where("run_id = 'r' AND epoch = 2").count());
        List<Row> val = table("label_metrics").where("run_id = 'r' AND epoch = 2").collectAsList();
        assertEquals(2, val.size(), "one row per label");
        val.stream().filter(r -> r.getAs("label").equals("Male"))
                .forEach(r -> assertEquals(0.83, r.<Double>getAs("accuracy"), 1e-12));
        assertEquals(List.of(event("r", 2, "BUDGET_SPENT", 2.0, 3.0)), store.events("r"));
    }

    @Test
    void lifecycleEventsAndTestMetricsSurviveReRecordingTheirEpoch() {
        MetricsStore store = store();
        store.recordEpoch(epoch("r", 3, 0.2), evaluation("val", 0.9), List.of(event("r", 3, "PLATEAU", 0.2, 0.21)));
        store.recordEvaluation("r", 3, evaluation("test", 0.85));
        EventRecord rolledBack = event("r", 3, "ROLLED_BACK", 3.0, 2.0);
        EventRecord resumed = event("r", 3, "RESUMED", null, 3.0);
        store.appendEvent(rolledBack);
        store.appendEvent(resumed);

        store.recordEpoch(epoch("r", 3, 0.19), evaluation("val", 0.91), List.of());

        assertEquals(List.of(rolledBack, resumed), store.events("r"));
        assertEquals(2, table("label_metrics").where("run_id = 'r' AND split = 'test'").count());
        assertEquals(2, table("label_metrics").where("run_id = 'r' AND split = 'val'").count());

        store.recordEvaluation("r", 3, evaluation("test", 0.86));
        assertEquals(2, table("label_metrics").where("run_id = 'r' AND split = 'test'").count());
        assertEquals(0.86, table("label_metrics").where("split = 'test' AND label = 'Male'").first()
                .<Double>getAs("accuracy"), 1e-12);
    }

    @Test
    void saveRunReplacesTheRunsRowAndNoOther() {
        MetricsStore store = store();
        RunRecord running = run("r", "lr-decay", RunStatus.RUNNING);
        store.saveRun(running);
        store.saveRun(run("other", "constant", RunStatus.RUNNING));
        RunRecord done = running.withStatus(RunStatus.KILLED, T0.plusSeconds(5), "SIGTERM");
        store.saveRun(done);
        store.saveRun(done);
        assertEquals(done, store.run("r").orElseThrow());
        assertEquals(2, table("runs").count());
        assertEquals(RunStatus.RUNNING, store.run("other").orElseThrow().status());
    }

    @Test
    void tablesAreDeltaTablesWithTheFixedSchemas() {
        MetricsFixtures.writeTwoRuns(store());
        for (String name : MetricsSchemas.TABLES) {
            assertTrue(Files.isDirectory(dir.resolve("metrics").resolve(name).resolve("_delta_log")), name);
            assertEquals(Arrays.stream(MetricsSchemas.schemaOf(name).fields()).map(StructField::toString).toList(),
                    Arrays.stream(table(name).schema().fields()).map(StructField::toString).toList(), name);
        }
        assertEquals(5, table("epochs").count());
        assertEquals(2, table("runs").count());
        List<Row> history = spark().sql("DESCRIBE HISTORY delta.`" + dir.resolve("metrics/epochs") + "`").collectAsList();
        assertTrue(history.size() >= 6, "one commit per epoch written, after the create: " + history.size());
    }

    @Test
    void registeredViewsAnswerSql() {
        String root = dir.resolve("metrics").toString();
        MetricsFixtures.writeTwoRuns(store());
        assertEquals(List.of("runs", "epochs", "label_metrics", "events", "metrics"),
                MetricsStore.registerViews(spark(), root));

        List<Row> best = spark().sql("SELECT r.run_id, r.schedule, e.epoch, e.val_loss FROM runs r JOIN epochs e"
                + " ON r.run_id = e.run_id WHERE e.val_loss = (SELECT min(val_loss) FROM epochs x WHERE x.run_id = r.run_id)"
                + " ORDER BY r.run_id").collectAsList();
        assertEquals("[[r-decay,lr-decay,2,0.27], [r-growth,batch-growth,2,0.2]]", best.toString());

        List<Row> decisions = spark().sql("SELECT run_id, count(*) FROM events GROUP BY run_id ORDER BY run_id")
                .collectAsList();
        assertEquals("[[r-decay,1], [r-growth,2]]", decisions.toString());

        List<Row> mlflow = spark().sql("SELECT run_id, key, value, step, timestamp FROM metrics"
                + " WHERE key IN ('val_loss', 'val/Male/accuracy', 'test/Eyeglasses/accuracy') AND run_id = 'r-growth'"
                + " ORDER BY key, step").collectAsList();
        assertEquals(7, mlflow.size(), mlflow.toString());
        Row test = mlflow.get(0);
        assertEquals("test/Eyeglasses/accuracy", test.getString(1));
        assertEquals(0.9, test.getDouble(2), 1e-12);
        assertEquals(3, test.getInt(3));
        assertEquals(T0.plusSeconds(180).toEpochMilli(), test.getLong(4));
        assertEquals("val_loss", mlflow.get(6).getString(1));
        assertEquals(0.25, mlflow.get(6).getDouble(2), 1e-12);
        assertEquals(12 * 5 + 6 * 2 * 6, spark().sql("SELECT * FROM metrics").count(),
                "12 numbers per epoch row and 6 per label_metrics row");
    }

    /**
     * The long view holds every numeric column of {@code epochs} (the epoch is its step) under its own name, so a
     * column the schema gains cannot be forgotten there: the row below is built from the schema, each column
     * holding a value of its own, so a missing key or another column's value under a key fails. A null (a number
     * the epoch does not have) gives no row.
     */
    @Test
    void theMetricsViewHoldsEveryNumericColumnOfEpochsUnderItsName() {
        StructField[] fields = MetricsSchemas.EPOCHS_SCHEMA.fields();
        Object[] full = new Object[fields.length];
        Object[] sparse = new Object[fields.length];
        Map<String, Double> expected = new TreeMap<>();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            DataType type = f.dataType();
            if (f.name().equals(MetricsSchemas.EPOCH)) {
                full[i] = 1;
            } else if (type.equals(DataTypes.StringType)) {
                full[i] = "r";
            } else if (type.equals(DataTypes.TimestampType)) {
                full[i] = T0;
            } else {
                full[i] = type.equals(DataTypes.IntegerType) ? (Object) (i + 100) : type.equals(DataTypes.LongType)
                        ? (Object) (i + 100L) : (Object) (i + 100.5);
                assertEquals(DataTypes.DoubleType.equals(type), full[i] instanceof Double, f.name() + " " + type);
                expected.put(f.name(), ((Number) full[i]).doubleValue());
            }
            sparse[i] = f.nullable() ? null : full[i];
        }
        sparse[Arrays.asList(MetricsSchemas.EPOCHS_SCHEMA.fieldNames()).indexOf(MetricsSchemas.EPOCH)] = 2;
        spark().createDataFrame(List.of(RowFactory.create(full), RowFactory.create(sparse)), MetricsSchemas.EPOCHS_SCHEMA)
                .write().format("delta").partitionBy(MetricsSchemas.RUN_ID)
                .save(dir.resolve("metrics").resolve(MetricsSchemas.EPOCHS).toString());
        assertEquals(List.of("epochs", "metrics"), MetricsStore.registerViews(spark(), dir.resolve("metrics").toString()));

        Map<String, Double> view = spark().sql("SELECT key, value FROM metrics WHERE step = 1").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
        assertEquals(expected, new TreeMap<>(view));
        assertTrue(view.keySet().containsAll(List.of("held_core_seconds", "busy_core_seconds", "executors_max",
                "executors_mean", "rounds", "round_seconds_median", "noise_scale_ema", "noise_scale", "noise_scale_se",
                "noise_rounds", "noise_grad_sqr", "noise_trace_cov", "noise_scale_pre", "val_loss", "global_batch")),
                view.keySet().toString());
        long required = Arrays.stream(fields).filter(f -> !f.nullable() && expected.containsKey(f.name())).count();
        assertEquals(required, spark().sql("SELECT * FROM metrics WHERE step = 2").count(), "no row for a null");
    }

    /**
     * A table as an older build wrote it: the current schema without its trailing nullable columns (the
     * columns added since always go there), with these rows cut to that schema.
     */
    private void writeOldTable(String table, List<Row> rows) {
        StructField[] fields = MetricsSchemas.schemaOf(table).fields();
        int kept = fields.length;
        while (fields[kept - 1].nullable()) {
            kept--;
        }
        int columns = kept;
        List<Row> old = rows.stream().map(r -> {
            Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = r.get(i);
            }
            return RowFactory.create(values);
        }).toList();
        spark().createDataFrame(old, new StructType(Arrays.copyOf(fields, columns))).write().format("delta")
                .partitionBy(MetricsSchemas.RUN_ID).save(dir.resolve("metrics").resolve(table).toString());
    }

    private long addColumnsCommits(String table) {
        return spark().sql("DESCRIBE HISTORY delta.`" + dir.resolve("metrics").resolve(table) + "`")
                .where("operation = 'ADD COLUMNS'").count();
    }

    @Test
    void tablesOfAnOlderBuildGainTheNewColumnsOnceAndOldRowsReadNull() {
        RunRecord old = run("old", "lr-decay", RunStatus.FINISHED);
        writeOldTable("runs", List.of(MetricsRows.run(old.withStatus(RunStatus.FINISHED, T0.plusSeconds(9), "boom"))));
        assertTrue(table("runs").schema().length() < MetricsSchemas.RUNS_SCHEMA.length());
        RunRecord readBack = MetricsStore.open(spark(), dir.resolve("metrics").toString()).run("old").orElseThrow();
        assertEquals(null, readBack.failureReason(), "a reader sees the missing column as null");
        assertEquals(0, addColumnsCommits("runs"), "readers do not alter the table");

        RunRecord fresh = run("new", "constant", RunStatus.RUNNING).withStatus(RunStatus.FAILED, T0, "why");
        store().saveRun(fresh);
        store().saveRun(fresh);
        // (names and types: a table Spark wrote from a DataFrame has every column nullable)
        assertEquals(Arrays.stream(MetricsSchemas.RUNS_SCHEMA.fields()).map(f -> f.name() + " " + f.dataType()).toList(),
                Arrays.stream(table("runs").schema().fields()).map(f -> f.name() + " " + f.dataType()).toList());
        assertEquals(1, addColumnsCommits("runs"), "added once, by the first store that wrote");
        assertEquals(fresh, store().run("new").orElseThrow());
        RunRecord oldRow = store().run("old").orElseThrow();
        assertEquals(T0.plusSeconds(9), oldRow.endedAt());
        assertEquals(null, oldRow.failureReason());
        assertEquals(null, oldRow.bestTestAccMean());
    }

    @Test
    void anEpochsTableOfAnOlderBuildTakesMeteredEpochsAndItsRowsReadUnmetered() {
        EpochRecord old = epoch("r", 1, 0.3);
        writeOldTable("epochs", List.of(MetricsRows.epoch(old)));
        EpochRecord metered = withCost(epoch("r", 2, 0.25), new EpochCost(3, 2.5, 61.5, 40.25, new RoundTimes(36, 0.75)));
        EpochRecord withoutRounds = withCost(epoch("r", 3, 0.2), new EpochCost(1, 1, 2, 1, null));
        store().recordEpoch(metered, evaluation("val", 0.9), List.of());
        store().recordEpoch(withoutRounds, evaluation("val", 0.9), List.of());
        assertEquals(List.of(old, metered, withoutRounds), store().epochs("r"));
        assertEquals(1, addColumnsCommits("epochs"));
        assertEquals(1L, spark().sql("SELECT count(*) FROM delta.`" + dir.resolve("metrics/epochs")
                + "` WHERE held_core_seconds IS NULL").first().getLong(0));
    }

    @Test
    void twoStoresUpgradingOneTableAtOnceBothWrite() throws Exception {
        writeOldTable("runs", List.of(MetricsRows.run(run("old", "lr-decay", RunStatus.FINISHED))));
        List<String> runs = List.of("up-a", "up-b");
        atOnce(runs, (run, store) -> store.saveRun(run(run, "lr-decay", RunStatus.RUNNING)
                .withStatus(RunStatus.FAILED, T0, run)));
        assertEquals(1, addColumnsCommits("runs"));
        for (String run : runs) {
            assertEquals(run, store().run(run).orElseThrow().failureReason());
        }
        assertEquals(3, table("runs").count());
    }

    @Test
    void aRootWithoutTablesIsAClearError() throws Exception {
        Path missing = dir.resolve("nowhere");
        MetricsTablesNotFoundException e = assertThrows(MetricsTablesNotFoundException.class,
                () -> MetricsStore.registerViews(spark(), missing.toString()));
        assertTrue(e.getMessage().contains(missing + " (it does not exist)"), e.getMessage());
        assertTrue(e.getMessage().contains("written by train"), e.getMessage());

        Files.createDirectories(dir.resolve("empty/runs"));
        e = assertThrows(MetricsTablesNotFoundException.class,
                () -> MetricsStore.registerViews(spark(), dir.resolve("empty").toString()));
        assertTrue(e.getMessage().contains("holds none of runs/, epochs/, label_metrics/, events/"), e.getMessage());
    }

    @Test
    void misfiledRecordsAreRefusedWithTheirFix() {
        MetricsStore store = store();
        Evaluation val = evaluation("val", 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.recordEpoch(epoch("r", 1, 0.3), val, List.of(event("r", 1, "RESUMED", null, null))));
        assertTrue(e.getMessage().contains("appendEvent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.recordEpoch(epoch("r", 1, 0.3), val, List.of(event("r", 2, "PLATEAU", 1.0, 1.0))));
        assertTrue(e.getMessage().contains("must belong to the epoch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.recordEpoch(epoch("r", 1, 0.3), evaluation("test", 0.9), List.of()));
        assertTrue(e.getMessage().contains("recordEvaluation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.appendEvent(event("r", 1, "LR_DECAYED", 1.0, 0.5)));
        assertTrue(e.getMessage().contains("recordEpoch"), e.getMessage());
        assertTrue(store.epochs("r").isEmpty(), "nothing written");
    }
}
