package io.celebaspark.train.control;

import io.celebaspark.metrics.Evaluation;

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

    /** This metric's value at the end of an epoch, from the epoch's training loss and validation. */
    public double valueIn(double trainLoss, Evaluation validation) {
        return switch (this) {
            case VAL_LOSS -> validation.loss();
            case TRAIN_LOSS -> trainLoss;
            case VAL_ACC_MEAN -> validation.meanAccuracy();
            case VAL_BALANCED_ACC_MEAN -> validation.meanBalancedAccuracy();
        };
    }

    /** The mode this metric must be monitored in. */
    public Mode improvesIn() {
        return improvesIn;
    }
}
