package io.celebaspark.cost;

import java.util.List;

/**
 * The averaging rounds of one epoch: how many, and the median wall time of one (the driver's view: from
 * handing out the round's files to holding the averaged parameters). The median, not the mean, because the
 * first round of an epoch (cold caches, a new broadcast) and a straggling executor would drag a mean; the
 * round overhead the cost model needs is the typical round.
 *
 * @param rounds        averaging rounds in the epoch
 * @param medianSeconds the median round's wall time, seconds
 */
public record RoundTimes(int rounds, double medianSeconds) {
    public RoundTimes {
        if (rounds < 1 || !(medianSeconds >= 0)) {
            throw new IllegalArgumentException("round times need at least one round and a median >= 0, got "
                    + rounds + " rounds, median " + medianSeconds + " s");
        }
    }

    /** The rounds of these durations (seconds, any order, at least one). */
    public static RoundTimes of(List<Double> seconds) {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("an epoch of no averaging rounds has no round times");
        }
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new RoundTimes(n, median);
    }
}
