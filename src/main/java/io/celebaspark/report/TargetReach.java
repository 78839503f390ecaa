package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;

import java.util.List;
import java.util.Optional;

/**
 * When a run first reached the target validation accuracy: the epoch, the cumulative parameter updates at
 * its end (what Smith et al. count) and the wall time, the sum of {@code epoch_seconds} up to it (training and
 * validation, as the epochs table records them).
 *
 * @param epoch   first epoch whose mean validation accuracy is at or above the target
 * @param updates cumulative parameter updates at that epoch's end
 * @param seconds cumulative wall-clock seconds at that epoch's end
 */
public record TargetReach(int epoch, long updates, double seconds) {

    /** The first epoch of {@code epochs} (in epoch order) at or above {@code target}, if any. */
    public static Optional<TargetReach> first(List<EpochRecord> epochs, double target) {
        double seconds = 0;
        for (EpochRecord e : epochs) {
            seconds += e.epochSeconds();
            if (e.valAccMean() >= target) {
                return Optional.of(new TargetReach(e.epoch(), e.updates(), seconds));
            }
        }
        return Optional.empty();
    }
}
