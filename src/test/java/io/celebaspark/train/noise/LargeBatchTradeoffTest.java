package io.celebaspark.train.noise;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LargeBatchTradeoffTest {
    @Test
    void stepsFollowMcCandlish() {
        // B_noise = 192 at B = 64: S = S_min (1 + 3), so 400 steps make 100 minimal steps.
        assertEquals(4.0, LargeBatchTradeoff.stepsFactor(64, 192), 1e-15);
        assertEquals(100.0, LargeBatchTradeoff.minimalSteps(400, 64, 192), 1e-12);
        // At B = B_noise twice the minimum (the critical batch); far above it, about S_min.
        assertEquals(2.0, LargeBatchTradeoff.stepsFactor(300, 300), 1e-15);
        assertEquals(1.0, LargeBatchTradeoff.stepsFactor(1e9, 300), 1e-6);
    }

    @Test
    void examplesAreStepsTimesTheBatchAndGrowPastTheNoiseScale() {
        // E = S·B = S_min (B + B_noise): E_min = S_min·B_noise at batch 1 (in the limit), twice that at B_noise.
        double sMin = 250;
        double noise = 410;
        assertEquals(2 * sMin * noise, sMin * LargeBatchTradeoff.stepsFactor(noise, noise) * noise, 1e-6);
        assertEquals(sMin * (4096 + noise), sMin * LargeBatchTradeoff.stepsFactor(4096, noise) * 4096, 1e-6);
    }

    @Test
    void edgeCasesOfTheNoiseScale() {
        assertEquals(1.0, LargeBatchTradeoff.stepsFactor(64, -5), 1e-15, "a negative estimate counts as 0");
        assertEquals(Double.POSITIVE_INFINITY, LargeBatchTradeoff.stepsFactor(64, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LargeBatchTradeoff.stepsFactor(64, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LargeBatchTradeoff.stepsFactor(0, 10));
    }
}
