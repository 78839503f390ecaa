package io.celebaspark.report.stats;

/**
 * A closed interval, the shape of every confidence interval in the report.
 *
 * @param low  lower end
 * @param high upper end, not below {@code low}
 */
public record Interval(double low, double high) {
    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] is empty or not a number");
        }
    }

    /** Half the width: the "±" of a symmetric interval. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }
}
