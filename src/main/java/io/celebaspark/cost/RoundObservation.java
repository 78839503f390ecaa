package io.celebaspark.cost;

/**
 * What a metered epoch says about the round time: its workers, batch per worker and median round (the
 * {@code epochs} table's {@code workers}, {@code batch_per_worker}, {@code round_seconds_median}), weighted by
 * its number of rounds in the fit ({@link RoundTimeFit}).
 *
 * @param workers        W, the round's tasks
 * @param batchPerWorker b, examples per task
 * @param medianSeconds  the epoch's median round, seconds
 * @param rounds         the epoch's rounds, the point's weight
 */
public record RoundObservation(int workers, int batchPerWorker, double medianSeconds, int rounds) {
    public RoundObservation {
        if (workers < 1 || batchPerWorker < 1 || rounds < 1 || !(medianSeconds >= 0)
                || Double.isInfinite(medianSeconds)) {
            throw new IllegalArgumentException("a round observation needs W >= 1, b >= 1, rounds >= 1 and a finite"
                    + " median >= 0, got W = " + workers + ", b = " + batchPerWorker + ", " + rounds
                    + " rounds, median " + medianSeconds + " s");
        }
    }
}
