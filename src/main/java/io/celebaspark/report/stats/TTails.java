package io.celebaspark.report.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Student's t distribution through commons-math3, in the few forms the tests need. No random generator is
 * created: only the distribution functions are used.
 */
final class TTails {
    private TTails() {
    }

    /** P(T <= t) for T ~ t(df). */
    static double lower(double df, double t) {
        return distribution(df).cumulativeProbability(t);
    }

    /** P(T >= t) for T ~ t(df), computed as P(T <= -t) so that small upper tails keep their precision. */
    static double upper(double df, double t) {
        return distribution(df).cumulativeProbability(-t);
    }

    /** The p-quantile of t(df). */
    static double quantile(double df, double p) {
        return distribution(df).inverseCumulativeProbability(p);
    }

    private static TDistribution distribution(double df) {
        return new TDistribution(null, df);
    }
}
