package io.celebaspark.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Minimum, median and maximum of repeated measurements: what every benchmark here reports instead of a
 * single run, because this machine is shared and one run says little. Ratios between competitors are taken
 * between medians of runs made side by side.
 */
public record Spread(double min, double median, double max) {

    /** @throws IllegalArgumentException when there is no value */
    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(sorted[0], median, sorted[n - 1]);
    }

    /** The same measurements times a constant (e.g. examples/s into GFLOP/s). */
    public Spread times(double factor) {
        return new Spread(min * factor, median * factor, max * factor);
    }

    /** {@code min-median-max} with this format for each number, e.g. {@code "%.1f"}. */
    public String format(String number) {
        return String.format(Locale.ROOT, number + "-" + number + "-" + number, min, median, max);
    }
}
