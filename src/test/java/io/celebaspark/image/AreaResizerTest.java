package io.celebaspark.image;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AreaResizerTest {

    /** Interleaved BGR image from an RGB function of (x, y). */
    interface Pixel {
        int[] rgb(int x, int y);
    }

    static byte[] bgr(int w, int h, Pixel f) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = f.rgb(x, y);
                int i = (y * w + x) * 3;
                out[i] = (byte) rgb[2];
                out[i + 1] = (byte) rgb[1];
                out[i + 2] = (byte) rgb[0];
            }
        }
        return out;
    }

    static int at(byte[] chw, int s, int c, int x, int y) {
        return chw[c * s * s + y * s + x] & 0xff;
    }

    @Test
    void fourToTwoAveragesEachBlockRoundingHalfUp() {
        // Block sums: top-left 0+0+0+2 = 2 -> 0.5 -> 1; top-right 10 -> 2.5 -> 3; bottom-left 4*7 -> 7; bottom-right 1 -> 0.25 -> 0.
        int[][] v = {
                {0, 0, 2, 3},
                {0, 2, 2, 3},
                {7, 7, 1, 0},
                {7, 7, 0, 0}};
        byte[] out = new AreaResizer(new CropBox(0, 0, 4, 4), 2).resize(bgr(4, 4, (x, y) -> new int[]{v[y][x], 0, 0}), 4);
        assertEquals(1, at(out, 2, 0, 0, 0));
        assertEquals(3, at(out, 2, 0, 1, 0));
        assertEquals(7, at(out, 2, 0, 0, 1));
        assertEquals(0, at(out, 2, 0, 1, 1));
    }

    @Test
    void threeToTwoUsesFractionalWeights() {
        // Output 0 covers source [0, 1.5): (1 * p0 + 0.5 * p1) / 1.5; output 1 covers [1.5, 3): (0.5 * p1 + p2) / 1.5.
        int[] col = {0, 30, 90};
        byte[] out = new AreaResizer(new CropBox(0, 0, 3, 3), 2).resize(bgr(3, 3, (x, y) -> new int[]{col[x], col[y], 0}), 3);
        assertEquals(10, at(out, 2, 0, 0, 0));
        assertEquals(70, at(out, 2, 0, 1, 0));
        assertEquals(10, at(out, 2, 0, 0, 1));
        assertEquals(10, at(out, 2, 1, 0, 0)); // green varies along y
        assertEquals(70, at(out, 2, 1, 0, 1));
        // (0 + 0.5) / 1.5 = 0.33 -> 0 and (0.5 + 2) / 1.5 = 1.67 -> 2
        int[] small = {0, 1, 2};
        out = new AreaResizer(new CropBox(0, 0, 3, 3), 2).resize(bgr(3, 3, (x, y) -> new int[]{small[x], 0, 0}), 3);
        assertEquals(0, at(out, 2, 0, 0, 0));
        assertEquals(2, at(out, 2, 0, 1, 0));
    }

    @Test
    void constantImageStaysConstantAtEverySize() {
        for (int s : new int[]{1, 3, 7, 64, 100, 128, 178}) {
            byte[] out = new AreaResizer(new CropBox(0, 20, 178, 178), s)
                    .resize(bgr(178, 218, (x, y) -> new int[]{201, 17, 255}), 178);
            assertEquals(3 * s * s, out.length);
            for (int i = 0; i < out.length; i++) {
                assertEquals(i < s * s ? 201 : i < 2 * s * s ? 17 : 255, out[i] & 0xff, "size " + s + " index " + i);
            }
        }
    }

    @Test
    void sameSizeIsTheCropItself() {
        Random random = new Random(7);
        byte[] image = new byte[10 * 12 * 3];
        random.nextBytes(image);
        byte[] out = new AreaResizer(new CropBox(2, 3, 8, 8), 8).resize(image, 10);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int i = ((y + 3) * 10 + x + 2) * 3;
                assertEquals(image[i + 2] & 0xff, at(out, 8, 0, x, y));
                assertEquals(image[i + 1] & 0xff, at(out, 8, 1, x, y));
                assertEquals(image[i] & 0xff, at(out, 8, 2, x, y));
            }
        }
    }

    @Test
    void matchesAnIndependentFloatingPointAreaMeanOnRandomImages() {
        Random random = new Random(42);
        CropBox crop = new CropBox(0, 20, 178, 178);
        byte[] image = new byte[178 * 218 * 3];
        random.nextBytes(image);
        for (int s : new int[]{64, 128, 5}) {
            byte[] out = new AreaResizer(crop, s).resize(image, 178);
            assertArrayEquals(referenceArea(image, 178, crop, s), out, "size " + s);
        }
    }

    @Test
    void matchesTheReferenceOnRandomCropsAndSizes() {
        // Sizes whose footprints have unequal tap counts, crops off the origin, non-square crops, 1:1 and down to 1.
        Random random = new Random(11);
        byte[] image = new byte[178 * 218 * 3];
        random.nextBytes(image);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + random.nextInt(178);
            int h = 1 + random.nextInt(218);
            CropBox crop = new CropBox(random.nextInt(178 - w + 1), random.nextInt(218 - h + 1), w, h);
            int s = 1 + random.nextInt(Math.min(w, h));
            assertArrayEquals(referenceArea(image, 178, crop, s), new AreaResizer(crop, s).resize(image, 178),
                    crop + " -> " + s);
        }
    }

    @Test
    void roundedMeanIsTheExactQuotientForEverySumOfTheCelebaCrop() {
        int area = 178 * 178;
        AreaResizer resizer = new AreaResizer(new CropBox(0, 20, 178, 178), 64);
        for (int sum = 0; sum <= 255 * area; sum++) {
            int exact = (2 * sum + area) / (2 * area);
            if ((resizer.roundedMean(sum) & 0xff) != exact) {
                assertEquals(exact, resizer.roundedMean(sum) & 0xff, "sum " + sum);
            }
        }
    }

    @Test
    void roundedMeanIsTheExactQuotientAtEveryCropAreaItCanMeet() {
        // Every divisor class up to the largest allowed crop; at each, both ends of the range, the rounding
        // edges (sum = area * v +- area / 2) and random sums.
        Random random = new Random(5);
        for (int trial = 0; trial < 2_000; trial++) {
            int side = trial == 0 ? 2048 : 1 + random.nextInt(2048);
            int other = trial == 0 ? 2048 : 1 + random.nextInt(ImageSpec.MAX_CROP_AREA / side);
            long area = (long) side * other;
            AreaResizer resizer = new AreaResizer(new CropBox(0, 0, side, other), 1);
            int v = random.nextInt(256);
            long[] sums = {0, 255 * area, area * v + area / 2, area * v + area / 2 - 1, area * v + (area + 1) / 2,
                    (long) (random.nextDouble() * 255 * area)};
            for (long sum : sums) {
                if (sum < 0 || sum > 255 * area) {
                    continue;
                }
                long exact = (2 * sum + area) / (2 * area);
                assertEquals(exact, resizer.roundedMean((int) sum) & 0xff, "area " + area + " sum " + sum);
            }
        }
    }

    @Test
    void largestAllowedCropDoesNotOverflow() {
        int side = 2048; // area == ImageSpec.MAX_CROP_AREA
        byte[] white = new byte[side * side * 3];
        java.util.Arrays.fill(white, (byte) 255);
        byte[] out = new AreaResizer(new CropBox(0, 0, side, side), 3).resize(white, side);
        for (byte b : out) {
            assertEquals(255, b & 0xff);
        }
    }

    @Test
    void refusesUpsampling() {
        assertThrows(IllegalArgumentException.class, () -> new AreaResizer(new CropBox(0, 0, 4, 4), 5));
    }

    /** Straightforward double-precision area mean, one output pixel at a time. */
    static byte[] referenceArea(byte[] bgr, int width, CropBox crop, int s) {
        byte[] out = new byte[3 * s * s];
        double sx = crop.width() / (double) s;
        double sy = crop.height() / (double) s;
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < s; oy++) {
                for (int ox = 0; ox < s; ox++) {
                    double sum = 0;
                    for (int y = (int) Math.floor(oy * sy); y < Math.min(crop.height(), Math.ceil((oy + 1) * sy)); y++) {
                        double wy = Math.min((oy + 1) * sy, y + 1) - Math.max(oy * sy, y);
                        for (int x = (int) Math.floor(ox * sx); x < Math.min(crop.width(), Math.ceil((ox + 1) * sx)); x++) {
                            double wx = Math.min((ox + 1) * sx, x + 1) - Math.max(ox * sx, x);
                            int p = bgr[((crop.y() + y) * width + crop.x() + x) * 3 + (2 - c)] & 0xff;
                            sum += wx * wy * p;
                        }
                    }
                    out[(c * s + oy) * s + ox] = (byte) Math.floor(sum / (sx * sy) + 0.5 + 1e-9);
                }
            }
        }
        return out;
    }
}
