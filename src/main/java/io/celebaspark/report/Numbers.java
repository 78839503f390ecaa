package io.celebaspark.report;

import io.celebaspark.report.stats.Interval;
import io.celebaspark.report.stats.SampleSummary;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How the report writes numbers, in one place so that the HTML, the Markdown summary and the verdicts agree:
 * accuracies in percent (points), p-values with three decimals, summaries as mean ± sd.
 */
final class Numbers {
    private Numbers() {
    }

    /** A fraction as percent with two decimals: 0.93412 → "93.41". */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** A fraction as percentage points with one decimal, two when needed: 0.01 → "1.0", 0.0025 → "0.25". */
    static String points(double fraction) {
        double points = 100 * fraction;
        return Math.abs(points * 10 - Math.rint(points * 10)) < 1e-9
                ? String.format(Locale.ROOT, "%.1f", points)
                : String.format(Locale.ROOT, "%.2f", points);
    }

    /** A significance level as "5%". */
    static String percentLevel(double level) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * level);
    }

    /** A signed difference in points: -0.0512 → "-5.12". */
    static String signedPoints(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction);
    }

    /** An accuracy summary in percent: "93.41 ± 0.52", or "93.41" for a single seed. */
    static String percentSummary(SampleSummary s) {
        return s.hasSpread() ? percent(s.mean()) + " ± " + percent(s.sd()) : percent(s.mean());
    }

    /** An interval in percent: "[92.80, 94.02]". */
    static String percentInterval(Interval i) {
        return "[" + percent(i.low()) + ", " + percent(i.high()) + "]";
    }

    /** A summary's 95% interval in percent, or "n/a (1 seed)" when there is no spread. */
    static String percentCi95(SampleSummary s) {
        return s.hasSpread() ? percentInterval(s.confidenceInterval(0.95)) : "n/a (" + s.n() + " seed)";
    }

    /** A p-value with three decimals, "< 0.001" below that. */
    static String pValue(double p) {
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A count-like summary (updates, seconds): "1234 ± 56", or "1234" for one value. */
    static String countSummary(SampleSummary s) {
        return s.hasSpread() ? String.format(Locale.ROOT, "%.0f ± %.0f", s.mean(), s.sd())
                : String.format(Locale.ROOT, "%.0f", s.mean());
    }

    /** A number as short as it can be written exactly: 2.0 → "2", 0.5 → "0.5". */
    static String compact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
