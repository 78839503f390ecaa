package io.celebaspark.report.stats;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

import java.util.Collection;

/**
 * What the report says about one quantity measured once per seed: how many seeds, their mean and sample
 * standard deviation (n - 1), and a t-based confidence interval for the mean. With a handful of seeds the
 * interval is wide, and the report shows it rather than the standard deviation alone so that nobody reads
 * three seeds as a precise estimate.
 *
 * @param n    number of values
 * @param mean their mean
 * @param sd   sample standard deviation; {@code NaN} when {@code n < 2}
 */
public record SampleSummary(int n, double mean, double sd) {
    public SampleSummary {
        if (n < 1) {
            throw new IllegalArgumentException("a summary needs at least one value, got n = " + n);
        }
        if (n > 1 && !(sd >= 0)) {
            throw new IllegalArgumentException("standard deviation must be >= 0, got " + sd);
        }
    }

    public static SampleSummary of(double... values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("cannot summarise a non-finite value: " + v);
            }
            s.addValue(v);
        }
        if (s.getN() == 0) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
        return new SampleSummary((int) s.getN(), s.getMean(), s.getN() > 1 ? s.getStandardDeviation() : Double.NaN);
    }

    public static SampleSummary of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Whether a spread (and so an interval or a test) can be estimated: at least two values. */
    public boolean hasSpread() {
        return n >= 2;
    }

    /** sd / sqrt(n), {@code NaN} when {@code n < 2}. */
    public double standardError() {
        return sd / Math.sqrt(n);
    }

    /**
     * The two-sided t interval for the mean at {@code level} (e.g. 0.95): mean ± t(1 - (1 - level) / 2, n - 1)
     * · sd / sqrt(n).
     *
     * @throws IllegalStateException when {@code n < 2} (no spread to build an interval from)
     */
    public Interval confidenceInterval(double level) {
        if (!hasSpread()) {
            throw new IllegalStateException("a confidence interval needs at least 2 values, got " + n);
        }
        double half = TTails.quantile(n - 1, 1 - (1 - level) / 2) * standardError();
        return new Interval(mean - half, mean + half);
    }
}
