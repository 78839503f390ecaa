package io.celebaspark.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cheap learnability sanity checks: the labelled attribute must change the pixels where it is drawn, more
 * than it changes an unrelated region. Measured on the network's view (crop (0,20,178,178) at 64×64).
 */
class FaceRendererTest {

    private static final int N = 160;
    private static final List<FaceSpec> SPECS =
            SyntheticCeleba.plan(N, 99L, new SynthPriors(0.5, 0.5, 0.5)).specs();
    private static final float[][] GRAY = new float[N][];

    static {
        for (int i = 0; i < N; i++) {
            GRAY[i] = networkView(FaceRenderer.render(SPECS.get(i)));
        }
    }

    @TempDir
    Path tmp;

    @Test
    void renderingIsAPureFunctionOfTheSpec() throws IOException {
        FaceSpec spec = SPECS.get(7);
        BufferedImage a = FaceRenderer.render(spec);
        BufferedImage b = FaceRenderer.render(spec);
        assertEquals(FaceRenderer.WIDTH, a.getWidth());
        assertEquals(FaceRenderer.HEIGHT, a.getHeight());
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
        assertArrayEquals(SyntheticCeleba.jpeg(a, 80), SyntheticCeleba.jpeg(b, 80));
    }

    @Test
    void eyeglassesChangeTheEyeBandMoreThanTheBackground() {
        // eyes sit on row (110 - 20) * 64 / 178 ~ 32 of the 64x64 view
        double eyes = meanDifference(s -> s.eyeglasses(), 22, 38, 10, 54);
        double corner = meanDifference(s -> s.eyeglasses(), 0, 10, 0, 10);
        assertTrue(eyes > 8 && eyes > 4 * corner, "eye band " + eyes + " vs corner " + corner);
    }

    @Test
    void smilingChangesTheMouthMoreThanTheBackground() {
        // mouth on row (152 - 20) * 64 / 178 ~ 47
        double mouth = meanDifference(s -> s.smiling(), 42, 52, 22, 42);
        double corner = meanDifference(s -> s.smiling(), 0, 10, 0, 10);
        assertTrue(mouth > 4 && mouth > 3 * corner, "mouth " + mouth + " vs corner " + corner);
    }

    @Test
    void contactSheetsAreWritten() throws IOException {
        SyntheticCeleba.write(tmp, 6, 1L, i -> { });
        ContactSheet.write(tmp, tmp.resolve("sheet.png"), 6);
        ContactSheet.writeCrops(tmp, tmp.resolve("crops.png"), 6);
        BufferedImage sheet = ImageIO.read(tmp.resolve("sheet.png").toFile());
        BufferedImage crops = ImageIO.read(tmp.resolve("crops.png").toFile());
        assertEquals(0, sheet.getWidth() % FaceRenderer.WIDTH);
        assertEquals(0, crops.getWidth() % 128);
        assertTrue(sheet.getHeight() >= FaceRenderer.HEIGHT);
    }

    /** Mean absolute difference, over a window, between the average positive and average negative view. */
    private static double meanDifference(java.util.function.Predicate<FaceSpec> label, int y0, int y1, int x0, int x1) {
        double[] pos = new double[64 * 64];
        double[] neg = new double[64 * 64];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < N; i++) {
            boolean positive = label.test(SPECS.get(i));
            double[] acc = positive ? pos : neg;
            for (int k = 0; k < acc.length; k++) {
                acc[k] += GRAY[i][k];
            }
            if (positive) {
                np++;
            } else {
                nn++;
            }
        }
        assertTrue(np > 20 && nn > 20, "both classes need examples: " + np + "/" + nn);
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += Math.abs(pos[y * 64 + x] / np - neg[y * 64 + x] / nn);
            }
        }
        return sum / ((y1 - y0) * (x1 - x0));
    }

    /** Crop (0,20,178,178), box-averaged to 64×64 gray. */
    private static float[] networkView(BufferedImage img) {
        float[] out = new float[64 * 64];
        int[] count = new int[64 * 64];
        for (int y = 0; y < 178; y++) {
            for (int x = 0; x < 178; x++) {
                int p = img.getRGB(x, y + 20);
                int k = (y * 64 / 178) * 64 + x * 64 / 178;
                out[k] += ((p >> 16 & 255) + (p >> 8 & 255) + (p & 255)) / 3f;
                count[k]++;
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= count[k];
        }
        return out;
    }
}
