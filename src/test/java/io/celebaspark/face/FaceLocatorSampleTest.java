package io.celebaspark.face;

import io.celebaspark.image.BgrImage;
import io.celebaspark.image.EyeTemplate;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.FaceWarp;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.image.Point;
import io.celebaspark.image.Similarity;
import io.celebaspark.testing.CelebaSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Face finding and alignment on real CelebA aligned crops (skipped without the shared sample): each crop is
 * placed into a larger photo by a known similarity, found, aligned back, and compared with the crop itself.
 */
class FaceLocatorSampleTest {
    private static final int IMAGES = 60;
    private static final FacePreprocessor PREPROCESSOR = new FacePreprocessor(ImageSpec.celebaDefault());

    private static CascadeFaceFinder finder;

    @BeforeAll
    static void load() {
        finder = CascadeFaceFinder.load();
    }

    @AfterAll
    static void close() {
        if (finder != null) {
            finder.close();
        }
    }

    @Test
    void anAlignedCropIsUsedExactlyAsItIs() throws Exception {
        Path first = firstImages(1).get(0);
        byte[] bytes = Files.readAllBytes(first);
        List<AlignedFace> faces = new FaceLocator(PREPROCESSOR, finder, 1_000_000, 4).locate(bytes);
        assertEquals(1, faces.size());
        assertTrue(faces.get(0).asIs());
        assertArrayEquals(bytes, faces.get(0).encoded());
    }

    /**
     * Aligning an aligned crop changes almost nothing: the crop is enlarged 2x, turned 10 degrees and put in a
     * 640x520 photo; the face is found, aligned back, and its model crop compared with the original's.
     */
    @ParameterizedTest
    @CsvSource({"1.5, 0", "2.0, 10"})
    void realignedCropsMatchTheOriginals(double scale, double degrees) throws Exception {
        FaceLocator locator = new FaceLocator(PREPROCESSOR, finder, 10_000_000, 4);
        Similarity place = Similarity.of(scale, Math.toRadians(degrees), 0, 0);
        Point c = place.apply(EyeTemplate.MIDPOINT);
        place = new Similarity(place.a(), place.b(), 320 - c.x(), 240 - c.y());
        int found = 0;
        int eyesDetected = 0;
        double madSum = 0;
        double eyeErrorSum = 0;
        double[] fractions = new double[3];
        int detectedWithEyes = 0;
        for (Path file : firstImages(IMAGES)) {
            BgrImage crop = PREPROCESSOR.decodeAnySize(Files.readAllBytes(file), 1_000_000);
            BgrImage photo = FaceWarp.warp(crop, place, 640, 520);
            List<AlignedFace> faces = locator.locate(photo.png());
            if (faces.size() != 1) {
                continue;
            }
            found++;
            AlignedFace face = faces.get(0);
            BgrImage realigned = PREPROCESSOR.decodeAnySize(face.encoded(), 1_000_000);
            madSum += modelCrop(realigned).meanAbsoluteDifference(modelCrop(crop));
            Similarity back = place.inverse();
            eyeErrorSum += distance(back.apply(face.leftEye()), EyeTemplate.CELEBA.left())
                    + distance(back.apply(face.rightEye()), EyeTemplate.CELEBA.right());
            if (face.eyesDetected()) {
                eyesDetected++;
            }
            // where the template's eyes fall in the detector's box: the fallback's fractions
            FaceBox b = face.box();
            Point l = place.apply(EyeTemplate.CELEBA.left());
            Point r = place.apply(EyeTemplate.CELEBA.right());
            fractions[0] += (l.x() - b.x()) / b.width();
            fractions[1] += (r.x() - b.x()) / b.width();
            fractions[2] += ((l.y() + r.y()) / 2 - b.y()) / b.height();
            detectedWithEyes++;
        }
        double mad = madSum / found;
        System.out.printf(Locale.ROOT, "FaceLocatorSampleTest: scale %.1f, %+.0f deg: %d of %d faces found, eyes detected in %d;"
                        + " mean eye error %.2f px (aligned-crop pixels); mean |pixel difference| of the model crop"
                        + " after re-alignment %.2f (0-255); eyes in the box at x %.3f / %.3f, y %.3f%n",
                scale, degrees, found, IMAGES, eyesDetected, eyeErrorSum / (2 * found), mad, fractions[0] / detectedWithEyes,
                fractions[1] / detectedWithEyes, fractions[2] / detectedWithEyes);
        assertTrue(found >= 0.9 * IMAGES, found + " of " + IMAGES + " faces found");
        assertTrue(eyeErrorSum / (2 * found) < 6, "mean eye error " + eyeErrorSum / (2 * found));
        assertTrue(mad < 35, "mean abs pixel difference " + mad);
    }

    @Test
    void aBlankPhotoHasNoFace() throws ImageRejectedException {
        byte[] gray = new byte[3 * 400 * 300];
        Arrays.fill(gray, (byte) 128);
        List<AlignedFace> faces = new FaceLocator(PREPROCESSOR, finder, 1_000_000, 4)
                .locate(new BgrImage(400, 300, gray).png());
        assertEquals(List.of(), faces);
    }

    /** The (0,20) 178x178 square the model's input is cut from. */
    private static BgrImage modelCrop(BgrImage aligned) {
        return FaceWarp.warp(aligned, new Similarity(1, 0, 0, -20), 178, 178);
    }

    private static double distance(Point a, Point b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    private static List<Path> firstImages(int n) throws IOException {
        try (Stream<Path> files = Files.list(CelebaSample.alignedImages())) {
            return files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(n).toList();
        }
    }
}
