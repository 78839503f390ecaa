package io.celebaspark.report.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's statistics against published reference values (cross-checked with SciPy 1.17's
 * {@code ttest_ind(equal_var=False)} while writing them; the test itself needs nothing but the JDK).
 */
class StatisticsReferenceTest {
    /** Student's sleep data (Cushny and Peebles 1905), R's {@code sleep} data set: extra hours of sleep. */
    private static final double[] SLEEP_DRUG_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] SLEEP_DRUG_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    /**
     * R's {@code t.test(extra ~ group, data = sleep)}, the textbook Welch example of R's documentation:
     * "t = -1.8608, df = 17.776, p-value = 0.07939; 95 percent confidence interval: -3.3654832 0.2054832;
     * mean in group 1 0.75, mean in group 2 2.33".
     */
    @Test
    void welchMatchesRsSleepExample() {
        SampleSummary drug1 = SampleSummary.of(SLEEP_DRUG_1);
        SampleSummary drug2 = SampleSummary.of(SLEEP_DRUG_2);
        assertEquals(0.75, drug1.mean(), 1e-12);
        assertEquals(2.33, drug2.mean(), 1e-12);

        WelchTest welch = WelchTest.of(drug1, drug2);
        assertEquals(-1.58, welch.difference(), 1e-12);
        assertEquals(-1.8608, welch.t(0), 5e-5);
        assertEquals(17.776, welch.degreesOfFreedom(), 5e-4);
        assertEquals(0.07939, welch.pTwoSided(), 5e-6);
        assertEquals(0.07939 / 2, welch.pLess(0), 5e-6, "one-sided, H1: drug 1 < drug 2");
        assertEquals(1 - 0.07939 / 2, welch.pGreater(0), 5e-6);
        Interval ci = welch.confidenceInterval(0.95);
        assertEquals(-3.3654832, ci.low(), 5e-7);
        assertEquals(0.2054832, ci.high(), 5e-7);
    }

    /**
     * Lakens (2017), "Equivalence tests", Soc. Psychol. Personal. Sci. 8(4), and TOSTER's {@code TOSTtwo}
     * example: Moery and Calin-Jageman's replication of Eskine (2013), control n = 95, M = 5.25, SD = 0.95,
     * organic food n = 89, M = 5.22, SD = 0.83, Welch TOST with bounds d = ±0.43 (raw ±0.43 ·
     * sqrt((0.95² + 0.83²) / 2) = ±0.3836): "significant, t(182) = -2.69, p = 0.004". The other one-sided
     * test and the degrees of freedom (181.13) are SciPy's from the same summaries.
     */
    @Test
    void tostMatchesLakensPublishedExample() {
        double margin = 0.43 * Math.sqrt((0.95 * 0.95 + 0.83 * 0.83) / 2);
        WelchTest welch = WelchTest.of(new SampleSummary(95, 5.25, 0.95), new SampleSummary(89, 5.22, 0.83));
        Tost tost = Tost.of(welch, margin);

        assertEquals(-2.69, tost.tUpper(), 5e-3);
        assertEquals(0.004, tost.pUpper(), 5e-4);
        assertEquals(-2.6927714, tost.tUpper(), 1e-6);
        assertEquals(0.0038755, tost.pUpper(), 1e-6);
        assertEquals(3.1497301, tost.tLower(), 1e-6);
        assertEquals(0.0009560, tost.pLower(), 1e-6);
        assertEquals(181.134367, welch.degreesOfFreedom(), 1e-5);
        assertEquals(tost.pUpper(), tost.p(), 0);
        assertTrue(tost.equivalent(0.05));
        assertFalse(tost.equivalent(0.001));
        Interval ci90 = welch.confidenceInterval(0.90);
        assertTrue(ci90.low() > -margin && ci90.high() < margin, "equivalent <=> the 90% CI lies inside the margin");
    }

    /** A one-sample t interval: the sleep data's drug-1 group, R's {@code t.test(x)}: -0.5297804 2.0297804. */
    @Test
    void confidenceIntervalOfTheMeanMatchesR() {
        Interval ci = SampleSummary.of(SLEEP_DRUG_1).confidenceInterval(0.95);
        assertEquals(-0.5297804, ci.low(), 5e-7);
        assertEquals(2.0297804, ci.high(), 5e-7);
    }

    @Test
    void tooFewValuesOrNoVarianceAreNamedNotNaN() {
        SampleSummary one = SampleSummary.of(0.9);
        assertFalse(one.hasSpread());
        assertTrue(Double.isNaN(one.sd()));
        assertThrows(IllegalStateException.class, () -> one.confidenceInterval(0.95));
        SampleSummary three = SampleSummary.of(0.8, 0.81, 0.82);
        assertTrue(WelchTest.untestableReason(one, three).orElseThrow().startsWith("not enough seeds"));
        SampleSummary flat = SampleSummary.of(0.8, 0.8, 0.8);
        assertTrue(WelchTest.untestableReason(flat, SampleSummary.of(0.7, 0.7)).orElseThrow().contains("no variance"));
        assertThrows(IllegalArgumentException.class, () -> WelchTest.of(flat, flat));
        WelchTest oneSided = WelchTest.of(flat, three);
        assertEquals(2, oneSided.degreesOfFreedom(), 1e-12, "one arm without variance: df = n - 1 of the other");
    }
}
