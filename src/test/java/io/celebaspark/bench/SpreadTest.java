package io.celebaspark.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpreadTest {
    @Test
    void minMedianMaxOfOddAndEvenCounts() {
        assertEquals(new Spread(1, 2, 5), Spread.of(new double[]{5, 1, 2}));
        assertEquals(new Spread(1, 2.5, 4), Spread.of(new double[]{4, 1, 3, 2}));
        assertEquals("1.0-2.5-4.0", Spread.of(new double[]{4, 1, 3, 2}).format("%.1f"));
        assertEquals(new Spread(2, 5, 8), Spread.of(new double[]{4, 1, 3, 2}).times(2));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(new double[0]));
    }
}
