package io.celebaspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorBatchesTest {
    private static final double[] MEAN = {100, 50, 200};
    private static final double[] STD = {50, 25, 10};

    private static byte[] pixels(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** 3×2×2 CHW: channel c, row y, column x holds 10·(4c + 2y + x) + offset. */
    private static byte[] numbered(int offset) {
        byte[] b = new byte[12];
        for (int i = 0; i < 12; i++) {
            b[i] = (byte) (10 * i + offset);
        }
        return b;
    }

    @Test
    void normalisesPerChannelInPixelUnits() {
        TensorBatches batches = new TensorBatches(3, 2, 2, MEAN, STD, 1, CNN2DFormat.NCHW);
        byte[] px = pixels(0, 100, 150, 255, 50, 75, 0, 25, 200, 210, 190, 255);
        DataSet ds = batches.toDataSet(List.of(new LabelledPixels("a.jpg", px, new boolean[]{true})));
        assertEquals(DataType.FLOAT, ds.getFeatures().dataType());
        assertArrayEquals(new long[]{1, 3, 2, 2}, ds.getFeatures().shape());
        float[] expected = {-2f, 0f, 1f, 3.1f, 0f, 1f, -2f, -1f, 0f, 1f, -1f, 5.5f};
        assertArrayEquals(expected, ds.getFeatures().data().asFloat(), 1e-6f);
        assertEquals(-2f, ds.getFeatures().getFloat(0, 0, 0, 0));
        assertEquals(3.1f, ds.getFeatures().getFloat(0, 0, 1, 1), 1e-6f);
        assertEquals(5.5f, ds.getFeatures().getFloat(0, 2, 1, 1), 1e-6f);
    }

    @Test
    void encodesLabelsAsZeroOne() {
        TensorBatches batches = new TensorBatches(3, 2, 2, MEAN, STD, 3, CNN2DFormat.NCHW);
        DataSet ds = batches.toDataSet(List.of(
                new LabelledPixels("a", numbered(0), new boolean[]{true, false, true}),
                new LabelledPixels("b", numbered(1), new boolean[]{false, false, true})));
        assertArrayEquals(new long[]{2, 3}, ds.getLabels().shape());
        assertArrayEquals(new float[]{1, 0, 1, 0, 0, 1}, ds.getLabels().data().asFloat());
        assertArrayEquals(new long[]{2, 3, 2, 2}, ds.getFeatures().shape());
        assertEquals((float) ((1 - MEAN[0]) / STD[0]), ds.getFeatures().getFloat(1, 0, 0, 0), 1e-6f);
    }

    @Test
    void flipMirrorsEachRowOfEachChannel() {
        TensorBatches batches = new TensorBatches(3, 2, 2, MEAN, STD, 1, CNN2DFormat.NCHW);
        List<LabelledPixels> rows = IntStream.range(0, 32)
                .mapToObj(i -> new LabelledPixels("img" + i, numbered(i), new boolean[]{false}))
                .toList();
        DataSet plain = batches.toDataSet(rows);
        DataSet augmented = batches.toDataSet(rows, new SplittableRandom(5));
        SplittableRandom replay = new SplittableRandom(5);
        int flipped = 0;
        for (int n = 0; n < rows.size(); n++) {
            boolean flip = replay.nextBoolean();
            flipped += flip ? 1 : 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        float expected = plain.getFeatures().getFloat(n, c, y, flip ? 1 - x : x);
                        assertEquals(expected, augmented.getFeatures().getFloat(n, c, y, x), 0f,
                                "n" + n + " c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
        assertTrue(flipped > 0 && flipped < rows.size(), "flips should be mixed: " + flipped);
        DataSet again = batches.toDataSet(rows, new SplittableRandom(5));
        assertEquals(augmented.getFeatures(), again.getFeatures(), "same seed, same batch");
    }

    /** Channels last is the CHW batch transposed, value for value, flips included (non-square, to catch h/w). */
    @Test
    void nhwcIsTheNchwBatchTransposedExactly() {
        int channels = 3;
        int height = 4;
        int width = 5;
        SplittableRandom random = new SplittableRandom(11);
        List<LabelledPixels> rows = IntStream.range(0, 6).mapToObj(i -> {
            byte[] px = new byte[channels * height * width];
            random.nextBytes(px);
            return new LabelledPixels("img" + i, px, new boolean[]{i % 2 == 0});
        }).toList();
        TensorBatches nchw = new TensorBatches(channels, height, width, MEAN, STD, 1, CNN2DFormat.NCHW);
        TensorBatches nhwc = new TensorBatches(channels, height, width, MEAN, STD, 1, CNN2DFormat.NHWC);
        assertEquals(CNN2DFormat.NHWC, nhwc.layout());

        for (boolean flip : new boolean[]{false, true}) {
            DataSet a = flip ? nchw.toDataSet(rows, new SplittableRandom(3)) : nchw.toDataSet(rows);
            DataSet b = flip ? nhwc.toDataSet(rows, new SplittableRandom(3)) : nhwc.toDataSet(rows);
            assertArrayEquals(new long[]{6, height, width, channels}, b.getFeatures().shape());
            assertArrayEquals(a.getFeatures().permute(0, 2, 3, 1).dup('c').data().asFloat(),
                    b.getFeatures().data().asFloat(), 0f, "flip " + flip);
            assertEquals(a.getLabels(), b.getLabels());
        }
    }

    @Test
    void badPixelLengthNamesTheImage() {
        TensorBatches batches = new TensorBatches(3, 2, 2, MEAN, STD, 1, CNN2DFormat.NCHW);
        var e = assertThrows(IllegalArgumentException.class, () -> batches.toDataSet(List.of(
                new LabelledPixels("000042.jpg", new byte[11], new boolean[]{true}))));
        assertTrue(e.getMessage().contains("000042.jpg") && e.getMessage().contains("11")
                && e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void wrongLabelCountNamesTheImage() {
        TensorBatches batches = new TensorBatches(3, 2, 2, MEAN, STD, 2, CNN2DFormat.NCHW);
        var e = assertThrows(IllegalArgumentException.class, () -> batches.toDataSet(List.of(
                new LabelledPixels("000007.jpg", numbered(0), new boolean[]{true}))));
        assertTrue(e.getMessage().contains("000007.jpg"), e.getMessage());
    }
}
