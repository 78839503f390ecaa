package io.celebaspark.metrics.tables;

import io.celebaspark.cost.EpochCost;
import io.celebaspark.cost.RoundTimes;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Records to Spark rows in {@link MetricsSchemas}' column order and back. Timestamps go in as
 * {@link Instant} (Spark converts both Instant and java.sql.Timestamp) and come back as whichever the
 * session's {@code spark.sql.datetime.java8API.enabled} makes them. Public so that readers outside the store
 * (the report's Spark SQL queries, test fixtures that write whole tables at once) convert the same way;
 * readers take columns by name, so any query selecting a table's columns reads back.
 */
public final class MetricsRows {
    private MetricsRows() {
    }

    public static Row run(RunRecord r) {
        return RowFactory.create(r.runId(), r.experiment(), r.arm(), r.gridPoint(), r.schedule(), r.alpha(), r.optimizer(), r.seed(),
                r.status().name(), r.startedAt(), r.endedAt(), r.sparkMaster(), r.workers(), r.config(),
                r.codeVersion(), r.dataManifestSha(), r.finalEpoch(), r.bestEpoch(), r.testLoss(), r.testAccMean(),
                r.testBalancedAccMean(), r.bestTestLoss(), r.bestTestAccMean(), r.bestTestBalancedAccMean(),
                r.failureReason(), r.trainingPath());
    }

    public static RunRecord run(Row row) {
        return new RunRecord(row.getAs("run_id"), row.getAs("experiment"), row.getAs("arm"),
                row.getAs("grid_point"), row.getAs("schedule"),
                row.<Double>getAs("alpha"), row.getAs("optimizer"), row.<Long>getAs("seed"),
                RunStatus.valueOf(row.getAs("status")), instant(row.getAs("started_at")),
                instant(row.getAs("ended_at")), row.getAs("spark_master"), row.<Integer>getAs("workers"),
                row.getAs("config"), row.getAs("code_version"), row.getAs("data_manifest_sha"),
                row.getAs("final_epoch"), row.getAs("best_epoch"), row.getAs("test_loss"),
                row.getAs("test_acc_mean"), row.getAs("test_balanced_acc_mean"), row.getAs("best_test_loss"),
                row.getAs("best_test_acc_mean"), row.getAs("best_test_balanced_acc_mean"),
                row.getAs("failure_reason"), nullableString(row, "training_path"));
    }

    /** A column added after the table was first written: {@code null} where a row comes without it. */
    private static String nullableString(Row row, String column) {
        return Arrays.asList(row.schema().fieldNames()).contains(column) ? row.getAs(column) : null;
    }

    public static Row epoch(EpochRecord e) {
        EpochCost c = e.cost();
        RoundTimes r = c == null ? null : c.rounds();
        return RowFactory.create(e.runId(), e.epoch(), e.globalBatch(), e.batchPerWorker(), e.workers(),
                e.learningRate(), e.updates(), e.examplesSeen(), e.trainLoss(), e.valLoss(), e.valAccMean(),
                e.valBalancedAccMean(), e.epochSeconds(), e.examplesPerSecond(), e.at(),
                c == null ? null : c.executorsMax(), c == null ? null : c.executorsMean(),
                c == null ? null : c.heldCoreSeconds(), c == null ? null : c.busyCoreSeconds(),
                r == null ? null : r.rounds(), r == null ? null : r.medianSeconds(), e.noiseScaleEma(),
                e.noiseScale(), e.noiseScaleSe(), e.noiseRounds(), e.noiseGradSqr(), e.noiseTraceCov(),
                e.noiseScalePre());
    }

    public static EpochRecord epoch(Row row) {
        return new EpochRecord(row.getAs("run_id"), row.<Integer>getAs("epoch"), row.<Long>getAs("global_batch"),
                row.<Integer>getAs("batch_per_worker"), row.<Integer>getAs("workers"),
                row.<Double>getAs("learning_rate"), row.<Long>getAs("updates"), row.<Long>getAs("examples_seen"),
                row.<Double>getAs("train_loss"), row.<Double>getAs("val_loss"), row.<Double>getAs("val_acc_mean"),
                row.<Double>getAs("val_balanced_acc_mean"), row.<Double>getAs("epoch_seconds"),
                row.<Double>getAs("examples_per_second"), instant(row.getAs("at")), epochCost(row),
                row.getAs("noise_scale_ema"), row.getAs("noise_scale"), row.getAs("noise_scale_se"),
                row.getAs("noise_rounds"), row.getAs("noise_grad_sqr"), row.getAs("noise_trace_cov"),
                row.getAs("noise_scale_pre"));
    }

    /** The cost columns, or null when the epoch was not metered (they are written all or none). */
    private static EpochCost epochCost(Row row) {
        Double held = row.getAs("held_core_seconds");
        if (held == null) {
            return null;
        }
        Integer rounds = row.getAs("rounds");
        return new EpochCost(row.<Integer>getAs("executors_max"), row.<Double>getAs("executors_mean"), held,
                row.<Double>getAs("busy_core_seconds"),
                rounds == null ? null : new RoundTimes(rounds, row.<Double>getAs("round_seconds_median")));
    }

    static List<Row> labelMetrics(String runId, int epoch, Evaluation evaluation) {
        return evaluation.labels().stream()
                .map(m -> labelMetrics(new LabelMetricsRecord(runId, epoch, evaluation.split(), m))).toList();
    }

    public static Row labelMetrics(LabelMetricsRecord r) {
        LabelMetrics m = r.metrics();
        return RowFactory.create(r.runId(), r.epoch(), r.split(), m.label(), m.accuracy(), m.balancedAccuracy(),
                m.precision(), m.recall(), m.f1(), m.auc(), m.examples(), m.positives());
    }

    public static LabelMetricsRecord labelMetrics(Row row) {
        return new LabelMetricsRecord(row.getAs("run_id"), row.<Integer>getAs("epoch"), row.getAs("split"),
                new LabelMetrics(row.getAs("label"), row.<Long>getAs("examples"), row.<Long>getAs("positives"),
                        row.<Double>getAs("accuracy"), row.<Double>getAs("balanced_accuracy"),
                        row.<Double>getAs("precision"), row.<Double>getAs("recall"), row.<Double>getAs("f1"),
                        row.<Double>getAs("auc")));
    }

    public static Row event(EventRecord e) {
        return RowFactory.create(e.runId(), e.epoch(), e.kind(), e.oldValue(), e.newValue(), e.reason(), e.at());
    }

    public static EventRecord event(Row row) {
        return new EventRecord(row.getAs("run_id"), row.<Integer>getAs("epoch"), row.getAs("kind"),
                row.getAs("old_value"), row.getAs("new_value"), row.getAs("reason"), instant(row.getAs("at")));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Instant i ? i : ((Timestamp) value).toInstant();
    }
}
