package io.celebaspark.train.control;

/**
 * The per-epoch metrics a plateau can be detected on, named as in configuration
 * ({@code schedule.monitor}). Each knows the direction in which it improves, so that a configuration
 * monitoring an accuracy in min mode (a silent, run-wasting mistake) is refused at start.
 */
public enum MonitoredMetric {
    VAL_LOSS(Mode.MIN),
    TRAIN_LOSS(Mode.MIN),
    VAL_ACC_MEAN(Mode.MAX),
    VAL_BALANCED_ACC_MEAN(Mode.MAX);

    private final Mode improvesIn;

    MonitoredMetric(Mode improvesIn) {
        this.improvesIn = improvesIn;
    }

    /** The mode this metric must be monitored in. */
    public Mode improvesIn() {
        return improvesIn;
    }
}
