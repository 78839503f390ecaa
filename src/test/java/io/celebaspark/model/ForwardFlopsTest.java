package io.celebaspark.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForwardFlopsTest {

    private static ModelSpec compact(int size, int labels) {
        return new ModelSpec("compact", size, size, 3, labels, true, 0.3, 0, 42);
    }

    @Test
    void compactAt64With3LabelsIsDesignsFigure() {
        long convolutions = 2L * (64 * 64 * 32 * 3 * 9 + 32 * 32 * 64 * 32 * 9 + 16 * 16 * 128 * 64 * 9
                + 8 * 8 * 256 * 128 * 9);
        assertEquals(120_324_096L, convolutions);
        assertEquals(convolutions + 2 * 256 * 3, ForwardFlops.of(compact(64, 3)));
        assertEquals(120.3, ForwardFlops.of(compact(64, 3)) / 1e6, 0.05, "docs/architecture.md: 120.3 MFLOP");
    }

    @Test
    void convolutionsScaleWithThePixelsAndTheOutputWithTheLabels() {
        long at64 = ForwardFlops.of(compact(64, 3));
        assertEquals(4 * (at64 - 1536) + 1536, ForwardFlops.of(compact(128, 3)));
        assertEquals(at64 + 2 * 256 * 37, ForwardFlops.of(compact(64, 40)));
    }
}
