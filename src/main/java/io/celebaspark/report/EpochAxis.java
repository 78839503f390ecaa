package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;

import java.util.List;

/**
 * What the validation curves are drawn against: epochs, cumulative parameter updates (Smith et al.'s axis:
 * a grown batch takes fewer updates per epoch) or cumulative wall time.
 */
public enum EpochAxis {
    EPOCH("epochs", "epochs", "epoch"),
    UPDATES("updates", "parameter updates", "parameter updates (cumulative)"),
    WALL_TIME("time", "wall time", "wall time (cumulative)");

    private final String slug;
    private final String title;
    private final String label;

    EpochAxis(String slug, String title, String label) {
        this.slug = slug;
        this.title = title;
        this.label = label;
    }

    /** Used in chart titles: "validation accuracy vs parameter updates". */
    public String title() {
        return title;
    }

    /** Used in file names. */
    public String slug() {
        return slug;
    }

    public String label() {
        return label;
    }

    /** The x value of each of a run's epochs (in epoch order); wall time in seconds. */
    public double[] values(List<EpochRecord> epochs) {
        double[] x = new double[epochs.size()];
        double seconds = 0;
        for (int i = 0; i < x.length; i++) {
            EpochRecord e = epochs.get(i);
            seconds += e.epochSeconds();
            x[i] = switch (this) {
                case EPOCH -> e.epoch();
                case UPDATES -> e.updates();
                case WALL_TIME -> seconds;
            };
        }
        return x;
    }
}
