package io.celebaspark.report;

import io.celebaspark.report.stats.Interval;
import io.celebaspark.report.stats.Tost;
import io.celebaspark.report.stats.WelchTest;

import java.util.Objects;
import java.util.Optional;

/**
 * The hypothesis test at one grid point: the treatment arm's final accuracy (mean over labels, one value per
 * seed) against the control arm's. H0: treatment &ge; control; H1: treatment &lt; control (batch growth is
 * worse), a one-sided Welch test at {@link ReportOptions#LEVEL}; and equivalence within ±margin by TOST,
 * both one-sided Welch tests against ∓margin. Too few seeds, or no variance at all, leave it untested with
 * the reason said, rather than a NaN.
 *
 * @param point     the grid point compared
 * @param treatment the treatment arm's cell
 * @param control   the control arm's cell
 * @param margin    equivalence margin, a fraction of accuracy
 */
public record Comparison(GridPoint point, Cell treatment, Cell control, double margin) {
    public Comparison {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(control, "control");
    }

    /** Why no test can be made, or empty when it can. */
    public Optional<String> untestableReason() {
        return WelchTest.untestableReason(treatment.accuracy(), control.accuracy());
    }

    public boolean testable() {
        return untestableReason().isEmpty();
    }

    /** The Welch test of treatment - control. */
    public WelchTest welch() {
        return WelchTest.of(treatment.accuracy(), control.accuracy());
    }

    /** One-sided p-value for H1: treatment &lt; control. */
    public double pWorse() {
        return welch().pLess(0);
    }

    public Tost tost() {
        return Tost.of(welch(), margin);
    }

    /** The difference's (1 - 2·level) interval: inside ±margin exactly when TOST shows equivalence. */
    public Interval tostInterval() {
        return welch().confidenceInterval(1 - 2 * ReportOptions.LEVEL);
    }

    /** Whether H0 (treatment &ge; control) is rejected at the 5% level; false when untestable. */
    public boolean rejected() {
        return testable() && pWorse() < ReportOptions.LEVEL;
    }

    /** Whether TOST shows the arms equivalent within ±margin at the 5% level; false when untestable. */
    public boolean equivalent() {
        return testable() && tost().equivalent(ReportOptions.LEVEL);
    }

    /**
     * The plain verdict: "the null hypothesis is rejected / not rejected at the 5% level; the arms are / are
     * not equivalent within ±m points", or why there is no test.
     */
    public String verdict() {
        return untestableReason().map(reason -> "no test: " + reason).orElseGet(() ->
                "the null hypothesis is " + (rejected() ? "rejected" : "not rejected") + " at the "
                        + Numbers.percentLevel(ReportOptions.LEVEL) + " level; the arms are "
                        + (equivalent() ? "" : "not ") + "equivalent within ±" + Numbers.points(margin) + " points");
    }
}
