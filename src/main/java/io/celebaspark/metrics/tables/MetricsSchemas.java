package io.celebaspark.metrics.tables;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/**
 * The metrics tables' folders and columns (docs/architecture.md), fixed here and nowhere else: tables are created
 * with these schemas on first write and never from the data, so a run that happens to write only nulls
 * into a column cannot give it a different type. Every table is partitioned by {@code run_id}: a run
 * rewrites only its own partition, so runs of an experiment writing at the same time do not conflict
 * under Delta's optimistic concurrency.
 */
public final class MetricsSchemas {
    public static final String RUNS = "runs";
    public static final String EPOCHS = "epochs";
    public static final String LABEL_METRICS = "label_metrics";
    public static final String EVENTS = "events";
    /** The tables (and their folders under the metrics root), in the order views are listed. */
    public static final List<String> TABLES = List.of(RUNS, EPOCHS, LABEL_METRICS, EVENTS);
    /** The long view in MLflow's metrics shape: run_id, key, value, step, timestamp. */
    public static final String METRICS_VIEW = "metrics";

    public static final String RUN_ID = "run_id";
    public static final String EPOCH = "epoch";
    public static final String SPLIT = "split";
    public static final String KIND = "kind";
    public static final String AT = "at";

    public static final StructType RUNS_SCHEMA = schema(
            required(RUN_ID, DataTypes.StringType),
            nullable("experiment", DataTypes.StringType),
            nullable("arm", DataTypes.StringType),
            nullable("grid_point", DataTypes.StringType),
            required("schedule", DataTypes.StringType),
            required("alpha", DataTypes.DoubleType),
            required("optimizer", DataTypes.StringType),
            required("seed", DataTypes.LongType),
            required("status", DataTypes.StringType),
            required("started_at", DataTypes.TimestampType),
            nullable("ended_at", DataTypes.TimestampType),
            required("spark_master", DataTypes.StringType),
            required("workers", DataTypes.IntegerType),
            required("config", DataTypes.StringType),
            required("code_version", DataTypes.StringType),
            required("data_manifest_sha", DataTypes.StringType),
            nullable("final_epoch", DataTypes.IntegerType),
            nullable("best_epoch", DataTypes.IntegerType),
            nullable("test_loss", DataTypes.DoubleType),
            nullable("test_acc_mean", DataTypes.DoubleType),
            nullable("test_balanced_acc_mean", DataTypes.DoubleType),
            nullable("best_test_loss", DataTypes.DoubleType),
            nullable("best_test_acc_mean", DataTypes.DoubleType),
            nullable("best_test_balanced_acc_mean", DataTypes.DoubleType),
            nullable("failure_reason", DataTypes.StringType),
            nullable("training_path", DataTypes.StringType));

    public static final StructType EPOCHS_SCHEMA = schema(
            required(RUN_ID, DataTypes.StringType),
            required(EPOCH, DataTypes.IntegerType),
            required("global_batch", DataTypes.LongType),
            required("batch_per_worker", DataTypes.IntegerType),
            required("workers", DataTypes.IntegerType),
            required("learning_rate", DataTypes.DoubleType),
            required("updates", DataTypes.LongType),
            required("examples_seen", DataTypes.LongType),
            required("train_loss", DataTypes.DoubleType),
            required("val_loss", DataTypes.DoubleType),
            required("val_acc_mean", DataTypes.DoubleType),
            required("val_balanced_acc_mean", DataTypes.DoubleType),
            required("epoch_seconds", DataTypes.DoubleType),
            required("examples_per_second", DataTypes.DoubleType),
            required(AT, DataTypes.TimestampType),
            nullable("executors_max", DataTypes.IntegerType),
            nullable("executors_mean", DataTypes.DoubleType),
            nullable("held_core_seconds", DataTypes.DoubleType),
            nullable("busy_core_seconds", DataTypes.DoubleType),
            nullable("rounds", DataTypes.IntegerType),
            nullable("round_seconds_median", DataTypes.DoubleType),
            nullable("noise_scale_ema", DataTypes.DoubleType),
            nullable("noise_scale", DataTypes.DoubleType),
            nullable("noise_scale_se", DataTypes.DoubleType),
            nullable("noise_rounds", DataTypes.IntegerType),
            nullable("noise_grad_sqr", DataTypes.DoubleType),
            nullable("noise_trace_cov", DataTypes.DoubleType),
            nullable("noise_scale_pre", DataTypes.DoubleType));

    /** The per-label metric columns of {@code label_metrics}, also the metric names of the long view. */
    public static final List<String> LABEL_METRIC_COLUMNS = List.of("accuracy", "balanced_accuracy", "precision",
            "recall", "f1", "auc");

    /**
     * The numeric columns of {@code epochs} but the epoch itself (the step), in schema order: the keys of the
     * long view's epoch rows. Derived from the schema so that a column added to {@code epochs} is in the view
     * without anyone remembering to list it.
     */
    public static final List<String> EPOCH_METRIC_COLUMNS = Arrays.stream(EPOCHS_SCHEMA.fields())
            .filter(f -> f.dataType() instanceof NumericType && !f.name().equals(EPOCH))
            .map(StructField::name).toList();

    public static final StructType LABEL_METRICS_SCHEMA = schema(
            required(RUN_ID, DataTypes.StringType),
            required(EPOCH, DataTypes.IntegerType),
            required(SPLIT, DataTypes.StringType),
            required("label", DataTypes.StringType),
            required("accuracy", DataTypes.DoubleType),
            required("balanced_accuracy", DataTypes.DoubleType),
            required("precision", DataTypes.DoubleType),
            required("recall", DataTypes.DoubleType),
            required("f1", DataTypes.DoubleType),
            required("auc", DataTypes.DoubleType),
            required("examples", DataTypes.LongType),
            required("positives", DataTypes.LongType));

    public static final StructType EVENTS_SCHEMA = schema(
            required(RUN_ID, DataTypes.StringType),
            required(EPOCH, DataTypes.IntegerType),
            required(KIND, DataTypes.StringType),
            nullable("old_value", DataTypes.DoubleType),
            nullable("new_value", DataTypes.DoubleType),
            nullable("reason", DataTypes.StringType),
            required(AT, DataTypes.TimestampType));

    private MetricsSchemas() {
    }

    /** The schema of one of {@link #TABLES}. */
    public static StructType schemaOf(String table) {
        return switch (table) {
            case RUNS -> RUNS_SCHEMA;
            case EPOCHS -> EPOCHS_SCHEMA;
            case LABEL_METRICS -> LABEL_METRICS_SCHEMA;
            case EVENTS -> EVENTS_SCHEMA;
            default -> throw new IllegalArgumentException("no metrics table '" + table + "'; tables: " + TABLES);
        };
    }

    static String requireRunId(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
        return runId;
    }

    private static StructField required(String name, DataType type) {
        return DataTypes.createStructField(name, type, false);
    }

    private static StructField nullable(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType schema(StructField... fields) {
        return new StructType(fields);
    }
}
