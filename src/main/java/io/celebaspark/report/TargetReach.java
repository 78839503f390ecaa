package io.celebaspark.report;

import io.celebaspark.metrics.tables.EpochRecord;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When a run first reached the target validation accuracy: the epoch, the cumulative parameter updates at
 * its end (what Smith et al. count), the wall time, the sum of {@code epoch_seconds} up to it (training and
 * validation, as the epochs table records them), and what a cluster bills for it, the sum of
 * {@code held_core_seconds} up to it.
 *
 * @param epoch       first epoch whose mean validation accuracy is at or above the target
 * @param updates     cumulative parameter updates at that epoch's end
 * @param seconds     cumulative wall-clock seconds at that epoch's end
 * @param coreSeconds cumulative held core-seconds at that epoch's end; empty when an epoch up to it was not
 *                    metered (tables of an older build)
 */
public record TargetReach(int epoch, long updates, double seconds, OptionalDouble coreSeconds) {

    /** The first epoch of {@code epochs} (in epoch order) at or above {@code target}, if any. */
    public static Optional<TargetReach> first(List<EpochRecord> epochs, double target) {
        double seconds = 0;
        double coreSeconds = 0;
        boolean metered = true;
        for (EpochRecord e : epochs) {
            seconds += e.epochSeconds();
            if (e.cost() == null) {
                metered = false;
            } else {
                coreSeconds += e.cost().heldCoreSeconds();
            }
            if (e.valAccMean() >= target) {
                return Optional.of(new TargetReach(e.epoch(), e.updates(), seconds,
                        metered ? OptionalDouble.of(coreSeconds) : OptionalDouble.empty()));
            }
        }
        return Optional.empty();
    }
}
