package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.LabelMetricsRecord;
import io.celebaspark.metrics.tables.RunRecord;

import java.util.List;
import java.util.Objects;

/**
 * Everything the report reads about one experiment, as plain records: the Spark edge
 * ({@link ExperimentTables}) fills it from the metrics tables and everything after it (statistics, charts,
 * HTML) works on it without Spark, so that it is tested in milliseconds on hand-made data.
 *
 * @param experiment   the experiment's name
 * @param runs         its runs, whatever their status
 * @param epochs       every recorded epoch of those runs
 * @param labelMetrics the runs' per-label metrics at their final epoch ({@code val} and, when the data has a
 *                     test split, {@code test}); other epochs are not needed
 * @param events       the runs' controller decisions and lifecycle events
 * @param noise        the runs' gradient noise scale per epoch, where the epochs table has it
 */
public record ExperimentData(String experiment, List<RunRecord> runs, List<EpochRecord> epochs,
                             List<LabelMetricsRecord> labelMetrics, List<EventRecord> events,
                             List<EpochNoise> noise) {
    public ExperimentData {
        Objects.requireNonNull(experiment, "experiment");
        runs = List.copyOf(runs);
        epochs = List.copyOf(epochs);
        labelMetrics = List.copyOf(labelMetrics);
        events = List.copyOf(events);
        noise = List.copyOf(noise);
    }

    /** An experiment without noise-scale measurements (tables written before them, or runs that made none). */
    public ExperimentData(String experiment, List<RunRecord> runs, List<EpochRecord> epochs,
                          List<LabelMetricsRecord> labelMetrics, List<EventRecord> events) {
        this(experiment, runs, epochs, labelMetrics, events, List.of());
    }
}
