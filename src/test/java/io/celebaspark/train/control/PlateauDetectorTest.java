package io.celebaspark.train.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlateauDetectorTest {
    /** Epochs (1-based) at which {@code values} complete a plateau. */
    private static List<Integer> plateaus(PlateauCriterion criterion, double... values) {
        PlateauDetector detector = new PlateauDetector(criterion);
        List<Integer> epochs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (detector.observe(values[i]).plateau()) {
                epochs.add(i + 1);
            }
        }
        return epochs;
    }

    @Test
    void plateauAfterPatienceEpochsWithoutImprovementThenCountsAgain() {
        PlateauCriterion criterion = new PlateauCriterion(Mode.MIN, 0, 2, 0);
        assertEquals(List.of(4, 6, 8), plateaus(criterion, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
    }

    @Test
    void anImprovementRestartsTheCount() {
        PlateauCriterion criterion = new PlateauCriterion(Mode.MIN, 0, 3, 0);
        assertEquals(List.of(7), plateaus(criterion, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5));
    }

    @Test
    void anImprovementOfExactlyMinDeltaIsNoImprovement() {
        PlateauDetector detector = new PlateauDetector(new PlateauCriterion(Mode.MIN, 0.25, 5, 0));
        assertTrue(detector.observe(1.0).improved());
        PlateauDetector.Observation exactlyMinDelta = detector.observe(0.75);
        assertFalse(exactlyMinDelta.improved());
        assertEquals(1.0, exactlyMinDelta.best());
        PlateauDetector.Observation moreThanMinDelta = detector.observe(0.7);
        assertTrue(moreThanMinDelta.improved());
        assertEquals(0.7, moreThanMinDelta.best());
        assertEquals(new PlateauDetector.State(0.7, 0, 0), detector.state());
    }

    @Test
    void cooldownSuppressesPlateausForCooldownEpochs() {
        PlateauCriterion criterion = new PlateauCriterion(Mode.MIN, 0, 1, 2);
        // plateau at e, then cooldown e+1..e+2, then the next at e + cooldown + patience
        assertEquals(List.of(2, 5, 8), plateaus(criterion, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0));
    }

    @Test
    void cooldownKeepsTrackingTheBestWithTheCountAtZero() {
        PlateauDetector detector = new PlateauDetector(new PlateauCriterion(Mode.MIN, 0, 1, 2));
        detector.observe(1.0);
        assertTrue(detector.observe(1.0).plateau());
        assertEquals(new PlateauDetector.State(1.0, 0, 2), detector.state());
        PlateauDetector.Observation inCooldown = detector.observe(0.5);
        assertTrue(inCooldown.improved());
        assertFalse(inCooldown.plateau());
        assertEquals(new PlateauDetector.State(0.5, 0, 1), detector.state());
        assertFalse(detector.observe(0.5).plateau());
        assertEquals(new PlateauDetector.State(0.5, 0, 0), detector.state());
        assertTrue(detector.observe(0.5).plateau(), "0.5 does not beat the best kept through cooldown");
    }

    @Test
    void maxModeImprovesUpwards() {
        PlateauCriterion criterion = new PlateauCriterion(Mode.MAX, 0.01, 2, 0);
        assertEquals(List.of(), plateaus(criterion, 0.5, 0.6, 0.7, 0.8, 0.9));
        assertEquals(List.of(4), plateaus(criterion, 0.5, 0.75, 0.755, 0.5));
    }

    @Test
    void nonFiniteValuesAreRefused() {
        PlateauDetector detector = new PlateauDetector(new PlateauCriterion(Mode.MIN, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> detector.observe(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> detector.observe(Double.NEGATIVE_INFINITY));
        assertEquals(PlateauDetector.State.initial(Mode.MIN), detector.state(), "a refused value leaves no trace");
    }
}
