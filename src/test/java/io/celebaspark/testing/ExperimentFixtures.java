package io.celebaspark.testing;

import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.LabelMetricsRecord;
import io.celebaspark.metrics.tables.MetricsRows;
import io.celebaspark.metrics.tables.MetricsSchemas;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.report.ExperimentData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.celebaspark.testing.MetricsFixtures.T0;

/**
 * Experiments whose answer is known, for the report's tests: a grid of lr-decay and batch-growth at
 * alpha 2 and 4 plus a constant arm without alpha (Adam throughout), four seeds each, six epochs with a
 * plateau after epoch 3 (batch x alpha or LR / alpha from epoch 4), and two runs that did not finish (one
 * FAILED, one RUNNING). Final accuracy (mean over Male, Smiling, Eyeglasses) is 92% for lr-decay and either
 * 5 points lower for batch-growth ({@link Outcome#GROWTH_WORSE}) or the same ({@link Outcome#EQUAL}), with
 * seed-to-seed spread of a few tenths of a point. {@link #write} puts experiments into Delta tables with one
 * write per table, not one commit per epoch.
 */
public final class ExperimentFixtures {
    public static final List<String> ARMS = List.of("lr-decay", "batch-growth", "constant");
    public static final List<String> LABELS = List.of("Eyeglasses", "Male", "Smiling");
    public static final int SEEDS = 4;
    public static final int EPOCHS = 6;
    public static final int PLATEAU_EPOCH = 3;
    public static final String FAILED_RUN = "failed";
    public static final String RUNNING_RUN = "running";
    private static final double CONTROL_ACCURACY = 0.92;
    private static final double GROWTH_DEFICIT = 0.05;
    private static final double CONSTANT_ACCURACY = 0.90;
    /** Seed-to-seed offsets (mean zero) of the control / constant arms and of batch-growth. */
    private static final double[] CONTROL_NOISE = {0.002, -0.001, -0.003, 0.002};
    private static final double[] GROWTH_NOISE = {-0.002, 0.003, 0.000, -0.001};
    private static final int TRAIN_IMAGES = 4560;

    /** What batch growth does to final accuracy. */
    public enum Outcome { GROWTH_WORSE, EQUAL }

    private ExperimentFixtures() {
    }

    /**
     * @param withTest whether the runs have test-split metrics (else the report compares validation)
     */
    public static ExperimentData experiment(String name, Outcome outcome, boolean withTest) {
        List<RunRecord> runs = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        List<LabelMetricsRecord> labels = new ArrayList<>();
        List<EventRecord> events = new ArrayList<>();
        for (String arm : ARMS) {
            for (int alpha : arm.equals("constant") ? new int[]{0} : new int[]{2, 4}) {
                for (int seed = 1; seed <= SEEDS; seed++) {
                    double accuracy = finalAccuracy(arm, outcome, seed) + (alpha == 4 ? 0.004 : 0);
                    String runId = name + "-" + arm + (alpha > 0 ? "-a" + alpha : "") + "-s" + seed;
                    runs.add(run(runId, name, arm, alpha, seed, RunStatus.FINISHED, EPOCHS, null));
                    addEpochs(runId, arm, Math.max(alpha, 2), seed, accuracy, EPOCHS, withTest, epochs, labels, events);
                }
            }
        }
        runs.add(run(name + "-" + FAILED_RUN, name, "batch-growth", 2, 5, RunStatus.FAILED, 2, "DataBuffer released"));
        addEpochs(name + "-" + FAILED_RUN, "batch-growth", 2, 5, 0.5, 2, false, epochs, labels, events);
        runs.add(run(name + "-" + RUNNING_RUN, name, "lr-decay", 4, 5, RunStatus.RUNNING, null, null));
        addEpochs(name + "-" + RUNNING_RUN, "lr-decay", 4, 5, 0.5, 2, false, epochs, labels, events);
        return new ExperimentData(name, runs, epochs, labels, events);
    }

    /** The mean final accuracy of an arm at alpha 2 over the fixture's seeds (the noise has mean zero). */
    public static double meanFinalAccuracy(String arm, Outcome outcome) {
        return switch (arm) {
            case "lr-decay" -> CONTROL_ACCURACY;
            case "batch-growth" -> outcome == Outcome.GROWTH_WORSE ? CONTROL_ACCURACY - GROWTH_DEFICIT : CONTROL_ACCURACY;
            default -> CONSTANT_ACCURACY;
        };
    }

    private static double finalAccuracy(String arm, Outcome outcome, int seed) {
        double[] noise = arm.equals("batch-growth") ? GROWTH_NOISE : CONTROL_NOISE;
        return meanFinalAccuracy(arm, outcome) + noise[seed - 1];
    }

    private static RunRecord run(String runId, String experiment, String arm, int alpha, int seed, RunStatus status,
                                 Integer finalEpoch, String failure) {
        String gridPoint = (alpha > 0 ? "schedule.alpha=" + alpha + ", " : "") + "train.optimizer=adam";
        return new RunRecord(runId, experiment, arm, gridPoint, arm, Math.max(alpha, 2), "adam", seed, status, T0,
                status == RunStatus.RUNNING ? null : T0.plusSeconds(3600), "local[2]", 2, "{}", "0.1.0+fixture",
                "f".repeat(64), finalEpoch, finalEpoch, null, null, null, null, null, null, failure, null);
    }

    /**
     * A run's epochs: validation accuracy rising to {@code finalAccuracy} (plus 0.3 points on validation when
     * there is a test split), the schedule's change after the plateau epoch, and its label metrics.
     */
    private static void addEpochs(String runId, String arm, int alpha, int seed, double finalAccuracy, int count,
                                  boolean withTest, List<EpochRecord> epochs, List<LabelMetricsRecord> labels,
                                  List<EventRecord> events) {
        double valFinal = finalAccuracy + (withTest ? 0.003 : 0);
        long updates = 0;
        for (int e = 1; e <= count; e++) {
            boolean changed = e > PLATEAU_EPOCH;
            int perWorker = changed && arm.equals("batch-growth") ? 32 * alpha : 32;
            double lr = changed && arm.equals("lr-decay") ? 1e-3 / alpha : 1e-3;
            updates += (TRAIN_IMAGES + 2L * perWorker - 1) / (2L * perWorker);
            double acc = valFinal - 0.12 * Math.pow((double) (EPOCHS - e) / (EPOCHS - 1), 1.5);
            double seconds = (changed && arm.equals("batch-growth") ? 80 : 100) + seed;
            epochs.add(new EpochRecord(runId, e, 2L * perWorker, perWorker, 2, lr, updates, (long) TRAIN_IMAGES * e,
                    0.5 - 0.05 * e, 0.45 - 0.05 * e, acc, acc - 0.12, seconds, TRAIN_IMAGES / seconds,
                    T0.plusSeconds(100L * e)));
            labels.addAll(labelMetrics(runId, e, "val", acc, 780, new long[]{26, 330, 380}));
            if (e == PLATEAU_EPOCH && !arm.equals("constant")) {
                events.add(new EventRecord(runId, e, "PLATEAU", 0.3, 0.3, "plateau", T0.plusSeconds(100L * e)));
                events.add(arm.equals("batch-growth")
                        ? new EventRecord(runId, e, "BATCH_GROWN", 64.0, 64.0 * alpha, "grown", T0.plusSeconds(100L * e))
                        : new EventRecord(runId, e, "LR_DECAYED", 1e-3, 1e-3 / alpha, "decayed", T0.plusSeconds(100L * e)));
            }
        }
        if (withTest) {
            labels.addAll(labelMetrics(runId, count, "test", finalAccuracy, 1000, new long[]{65, 420, 480}));
        }
    }

    /** Per-label metrics whose mean accuracy over labels is {@code mean}; positives per label in LABELS order. */
    private static List<LabelMetricsRecord> labelMetrics(String runId, int epoch, String split, double mean,
                                                         long examples, long[] positives) {
        double[] offsets = {0.01, 0.02, -0.03};
        double[] balancedGap = {0.3, 0.04, 0.02};
        List<LabelMetricsRecord> rows = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            double acc = mean + offsets[i];
            rows.add(new LabelMetricsRecord(runId, epoch, split, new LabelMetrics(LABELS.get(i), examples, positives[i],
                    acc, acc - balancedGap[i], 0.9, 0.9, 0.9, 0.95)));
        }
        return rows;
    }

    /**
     * Writes the experiments into Delta tables under {@code root}, one write per table (unpartitioned, unlike
     * the store's, which readers do not depend on: a partition per run would cost a file per run and table).
     */
    public static void write(SparkSession spark, String root, List<ExperimentData> experiments) {
        writeTable(spark, root, MetricsSchemas.RUNS, experiments, ExperimentData::runs, MetricsRows::run);
        writeTable(spark, root, MetricsSchemas.EPOCHS, experiments, ExperimentData::epochs, MetricsRows::epoch);
        writeTable(spark, root, MetricsSchemas.LABEL_METRICS, experiments, ExperimentData::labelMetrics,
                MetricsRows::labelMetrics);
        writeTable(spark, root, MetricsSchemas.EVENTS, experiments, ExperimentData::events, MetricsRows::event);
    }

    private static <T> void writeTable(SparkSession spark, String root, String table, List<ExperimentData> experiments,
                                       Function<ExperimentData, List<T>> records, Function<T, Row> toRow) {
        List<Row> rows = experiments.stream().flatMap(x -> records.apply(x).stream()).map(toRow).toList();
        spark.createDataFrame(rows, MetricsSchemas.schemaOf(table)).coalesce(1).write().format("delta")
                .save(root + "/" + table);
    }
}
