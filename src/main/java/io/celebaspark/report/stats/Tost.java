package io.celebaspark.report.stats;

/**
 * Schuirmann's two one-sided tests (TOST) for equivalence within ±margin, each a Welch test: H0 difference
 * &le; -margin against H1 difference &gt; -margin, and H0 difference &ge; +margin against H1 difference &lt;
 * +margin. The arms are equivalent at level a when both nulls are rejected, i.e. when the larger p-value is
 * below a, which is the same as the (1 - 2a) confidence interval lying inside (-margin, +margin).
 *
 * @param margin equivalence margin, &gt; 0, in the units of the difference
 * @param tLower t statistic of the test against -margin
 * @param pLower p-value of the test against -margin
 * @param tUpper t statistic of the test against +margin
 * @param pUpper p-value of the test against +margin
 */
public record Tost(double margin, double tLower, double pLower, double tUpper, double pUpper) {
    public Tost {
        if (!(margin > 0)) {
            throw new IllegalArgumentException("equivalence margin must be > 0, got " + margin);
        }
    }

    public static Tost of(WelchTest welch, double margin) {
        return new Tost(margin, welch.t(-margin), welch.pGreater(-margin), welch.t(margin), welch.pLess(margin));
    }

    /** The TOST p-value: the larger of the two one-sided p-values. */
    public double p() {
        return Math.max(pLower, pUpper);
    }

    /** Whether both one-sided nulls are rejected at {@code level} (e.g. 0.05). */
    public boolean equivalent(double level) {
        return p() < level;
    }
}
