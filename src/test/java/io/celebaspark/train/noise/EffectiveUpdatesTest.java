package io.celebaspark.train.noise;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EffectiveUpdatesTest {
    @Test
    void theGainIsOneAtTheInitialBatchAndBoundedByLinearScaling() {
        assertEquals(1.0, EffectiveUpdates.gain(64, 64, 500), 1e-15);
        assertEquals(1.0, EffectiveUpdates.gain(256, 64, 0), 1e-15, "no noise: a larger batch buys nothing");
        assertEquals(4.0, EffectiveUpdates.gain(256, 64, Double.POSITIVE_INFINITY), 1e-15, "pure noise: linear");
        assertEquals(1.0, EffectiveUpdates.gain(256, 64, -3), 1e-15, "a negative estimate counts as 0");
        // B_noise = 192 (3 B0): (1 + 3) / (1 + 192/256) = 4 / 1.75
        assertEquals(4 / 1.75, EffectiveUpdates.gain(256, 64, 192), 1e-12);
        double previous = 1;
        for (int b = 128; b <= 8192; b *= 2) {
            double g = EffectiveUpdates.gain(b, 64, 1000);
            assertTrue(g > previous && g < b / 64.0, "increasing and below B/B0 at B = " + b);
            previous = g;
        }
        assertTrue(Double.isNaN(EffectiveUpdates.gain(128, 64, Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> EffectiveUpdates.gain(0, 64, 10));
    }

    @Test
    void matchesAdaptDlsGainWrittenWithItsOwnVariables() {
        // AdaptDL: var = tr(Σ)/B0, sqr = |G|², gain(scale) = (var + sqr) / (var/scale + sqr), scale = B/B0.
        double traceSigma = 3.0e3, gradSq = 2.0, b0 = 32, b = 160;
        double var = traceSigma / b0, scale = b / b0;
        double adaptDl = (var + gradSq) / (var / scale + gradSq);
        assertEquals(adaptDl, EffectiveUpdates.gain(b, b0, traceSigma / gradSq), 1e-12);
    }

    @Test
    void accumulatesEpochUpdatesTimesTheirGainFromTheFirstEpochsBatch() {
        double[] total = EffectiveUpdates.cumulative(List.of(new EffectiveUpdates.Epoch(100, 64, 192),
                new EffectiveUpdates.Epoch(25, 256, 192), new EffectiveUpdates.Epoch(25, 256, Double.NaN),
                new EffectiveUpdates.Epoch(25, 256, 192)));
        assertEquals(100, total[0], 1e-12, "the first epoch runs at B0: its updates count once");
        assertEquals(100 + 25 * 4 / 1.75, total[1], 1e-9);
        assertTrue(Double.isNaN(total[2]) && Double.isNaN(total[3]), "unknown from the first epoch without an estimate on");
        assertArrayEquals(new double[0], EffectiveUpdates.cumulative(List.of()));
    }
}
