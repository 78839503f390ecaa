package io.celebaspark.report.stats;

import java.util.Optional;

/**
 * Welch's unequal-variances t test of the difference of two means, {@code treatment - control}, with the
 * Welch–Satterthwaite degrees of freedom. Built from the two samples' summaries, so the same object answers
 * the one-sided test against zero and the two shifted one-sided tests of {@link Tost}.
 *
 * @param difference        treatment mean minus control mean
 * @param standardError     sqrt(s1²/n1 + s2²/n2), &gt; 0
 * @param degreesOfFreedom  Welch–Satterthwaite degrees of freedom
 */
public record WelchTest(double difference, double standardError, double degreesOfFreedom) {
    public WelchTest {
        if (!(standardError > 0) || !(degreesOfFreedom > 0)) {
            throw new IllegalArgumentException("Welch test needs a positive standard error and degrees of freedom, got "
                    + standardError + " and " + degreesOfFreedom);
        }
    }

    /**
     * The test of {@code treatment} against {@code control}.
     *
     * @throws IllegalArgumentException when either sample has fewer than 2 values, or both have zero variance
     *                                  (the statistic is then undefined); see {@link #untestableReason}
     */
    public static WelchTest of(SampleSummary treatment, SampleSummary control) {
        untestableReason(treatment, control).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        double v1 = treatment.sd() * treatment.sd() / treatment.n();
        double v2 = control.sd() * control.sd() / control.n();
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (treatment.n() - 1) + v2 * v2 / (control.n() - 1));
        return new WelchTest(treatment.mean() - control.mean(), Math.sqrt(v1 + v2), df);
    }

    /**
     * Why the two samples cannot be compared by a t test, or empty when they can: fewer than 2 values on a
     * side (no variance to estimate), or no variance on either side (the statistic divides by zero).
     */
    public static Optional<String> untestableReason(SampleSummary treatment, SampleSummary control) {
        if (!treatment.hasSpread() || !control.hasSpread()) {
            return Optional.of("not enough seeds: a t test needs at least 2 finished runs per arm, got "
                    + treatment.n() + " and " + control.n());
        }
        if (treatment.sd() == 0 && control.sd() == 0) {
            return Optional.of("no variance over seeds in either arm (every seed gave the same value), so"
                    + " there is no spread to test against");
        }
        return Optional.empty();
    }

    /** The t statistic for the null hypothesis {@code difference = nullDifference}. */
    public double t(double nullDifference) {
        return (difference - nullDifference) / standardError;
    }

    /** One-sided p-value for H1: {@code difference < nullDifference}. */
    public double pLess(double nullDifference) {
        return TTails.lower(degreesOfFreedom, t(nullDifference));
    }

    /** One-sided p-value for H1: {@code difference > nullDifference}. */
    public double pGreater(double nullDifference) {
        return TTails.upper(degreesOfFreedom, t(nullDifference));
    }

    /** Two-sided p-value for H1: {@code difference != 0}. */
    public double pTwoSided() {
        return Math.min(1, 2 * TTails.upper(degreesOfFreedom, Math.abs(t(0))));
    }

    /** The two-sided confidence interval for the difference at {@code level} (0.90 is TOST's at 5%). */
    public Interval confidenceInterval(double level) {
        double half = TTails.quantile(degreesOfFreedom, 1 - (1 - level) / 2) * standardError;
        return new Interval(difference - half, difference + half);
    }
}
