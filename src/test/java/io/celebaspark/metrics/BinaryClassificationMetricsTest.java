package io.celebaspark.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed confusion matrices and rank AUCs. */
class BinaryClassificationMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void mixedPredictionsGiveTheHandComputedRates() {
        // predicted positive at >= 0.5: TP = 0.9, 0.8; FN = 0.3; FP = 0.6, 0.5; TN = 0.2
        LabelMetrics m = BinaryClassificationMetrics.of("Male", new double[]{0.9, 0.8, 0.3, 0.6, 0.2, 0.5},
                new boolean[]{true, true, true, false, false, false});
        assertEquals("Male", m.label());
        assertEquals(6, m.examples());
        assertEquals(3, m.positives());
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals((2.0 / 3 + 1.0 / 3) / 2, m.balancedAccuracy(), EPS);
        assertEquals(0.5, m.precision(), EPS);
        assertEquals(2.0 / 3, m.recall(), EPS);
        assertEquals(4.0 / 7, m.f1(), EPS);
        // positive beats negative in 3 + 3 + 1 of the 9 pairs
        assertEquals(7.0 / 9, m.auc(), EPS);
    }

    @Test
    void tiedScoresCountOneHalfInTheAuc() {
        // pairs: 0.5~0.5 tie (1/2), 0.5>0.2, 0.7>0.5, 0.7>0.2
        assertEquals(3.5 / 4, BinaryClassificationMetrics.of("x", new double[]{0.5, 0.7, 0.5, 0.2},
                new boolean[]{true, true, false, false}).auc(), EPS);
        assertEquals(0.5, BinaryClassificationMetrics.of("x", new double[]{0.4, 0.4, 0.4, 0.4, 0.4},
                new boolean[]{true, false, false, true, false}).auc(), EPS);
    }

    @Test
    void aSingleClassLabelHasNaNWhereADenominatorIsZero() {
        LabelMetrics m = BinaryClassificationMetrics.of("Eyeglasses", new double[]{0.9, 0.2},
                new boolean[]{true, true});
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals(0.5, m.recall(), EPS);
        assertEquals(1.0, m.precision(), EPS);
        assertEquals(2.0 / 3, m.f1(), EPS);
        assertTrue(Double.isNaN(m.balancedAccuracy()), "no negatives: specificity undefined");
        assertTrue(Double.isNaN(m.auc()), "no negatives: AUC undefined");

        LabelMetrics neverPositive = BinaryClassificationMetrics.of("x", new double[]{0.1, 0.2, 0.3},
                new boolean[]{true, false, false});
        assertTrue(Double.isNaN(neverPositive.precision()), "no positive prediction: precision undefined");
        assertTrue(Double.isNaN(neverPositive.f1()));
        assertEquals(0.0, neverPositive.recall(), EPS);
        assertEquals(0.5, neverPositive.balancedAccuracy(), EPS);
    }

    @Test
    void allCorrectAndAllWrongAreTheExtremes() {
        LabelMetrics right = BinaryClassificationMetrics.of("x", new double[]{0.9, 0.6, 0.1, 0.4},
                new boolean[]{true, true, false, false});
        for (double v : new double[]{right.accuracy(), right.balancedAccuracy(), right.precision(), right.recall(),
                right.f1(), right.auc()}) {
            assertEquals(1.0, v, EPS);
        }
        LabelMetrics wrong = BinaryClassificationMetrics.of("x", new double[]{0.1, 0.2, 0.9, 0.6},
                new boolean[]{true, true, false, false});
        for (double v : new double[]{wrong.accuracy(), wrong.balancedAccuracy(), wrong.precision(), wrong.recall(),
                wrong.f1(), wrong.auc()}) {
            assertEquals(0.0, v, EPS);
        }
    }

    @Test
    void evaluationLossIsTheMeanClippedCrossEntropyOverExamplesAndLabels() {
        // example-major: (A, B) for example 0, then example 1; a certain wrong answer is clipped at 1e-7
        Evaluation e = BinaryClassificationMetrics.evaluate("val", List.of("A", "B"),
                new double[]{0.8, 0.1, 0.4, 0.0}, new boolean[]{true, false, true, true});
        double expected = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.4) + Math.log(1e-7)) / 4;
        assertEquals(expected, e.loss(), 1e-9);
        assertEquals(2, e.examples());
        assertEquals("val", e.split());
        assertEquals(List.of("A", "B"), e.labels().stream().map(LabelMetrics::label).toList());
        assertEquals(BinaryClassificationMetrics.of("B", new double[]{0.1, 0.0}, new boolean[]{false, true}),
                e.labels().get(1));
        assertEquals(0.5, e.meanAccuracy(), EPS); // A: 1/2 (0.4 misses), B: 1/2
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> BinaryClassificationMetrics.of("x", new double[]{0.1}, new boolean[]{true, false}));
        assertThrows(IllegalArgumentException.class,
                () -> BinaryClassificationMetrics.evaluate("val", List.of("A", "B"), new double[3], new boolean[3]));
    }

    @Test
    void majorityBaselinePredictsTheTrainingRate() {
        MajorityBaseline b = MajorityBaseline.of(Map.of("Male", 0.4, "Eyeglasses", 0.06),
                Map.of("Male", 0.5, "Eyeglasses", 0.1), List.of("Male", "Eyeglasses"));
        double male = -(0.5 * Math.log(0.4) + 0.5 * Math.log(0.6));
        double glasses = -(0.1 * Math.log(0.06) + 0.9 * Math.log(0.94));
        assertEquals((male + glasses) / 2, b.loss(), 1e-12);
        assertEquals(List.of("Male", "Eyeglasses"), List.copyOf(b.accuracyByLabel().keySet()));
        assertEquals(0.5, b.accuracyByLabel().get("Male"), EPS);   // says "no", half are male
        assertEquals(0.9, b.accuracyByLabel().get("Eyeglasses"), EPS);
        assertEquals(0.7, b.meanAccuracy(), EPS);
    }

    @Test
    void theTrainingRateIsTheBestConstantOnTheTrainingSplit() {
        Map<String, Double> rates = Map.of("Smiling", 0.48);
        double best = MajorityBaseline.of(rates, rates, List.of("Smiling")).loss();
        assertEquals(-(0.48 * Math.log(0.48) + 0.52 * Math.log(0.52)), best, 1e-12);
        for (double other : new double[]{0.3, 0.47, 0.49, 0.7}) {
            assertTrue(CrossEntropy.expected(other, 0.48) > best, "constant " + other);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MajorityBaseline.of(rates, rates, List.of("Male")));
        assertTrue(e.getMessage().contains("Male"), e.getMessage());
    }
}
