package io.celebaspark.testing;

import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Float-tolerant comparison of ND4J arrays, for tests that check two code paths compute the same thing. */
public final class ArrayAsserts {
    private ArrayAsserts() {
    }

    /**
     * Same shape, and elementwise within {@code relative} of the expected array's largest magnitude, compared in
     * logical (row-major) order whatever either array's ordering: two paths that round differently (other kernels,
     * other summation order) agree to a few float ulps of the largest value.
     */
    public static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        double diff = flat(expected).castTo(actual.dataType()).sub(flat(actual)).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + ": max |difference| " + diff + " vs scale " + scale);
    }

    private static INDArray flat(INDArray a) {
        return a.reshape('c', new long[]{a.length()});
    }
}
