package io.celebaspark.testing;

import io.celebaspark.image.BgrImage;
import io.celebaspark.image.EyeTemplate;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.FaceWarp;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.image.Point;
import io.celebaspark.image.Similarity;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real-CelebA sample, for tests that skip cleanly where it is absent (CI clones lack it at times). */
public final class CelebaSample {
    private CelebaSample() {
    }

    /** The sample's root: {@code ../shared/celeba-sample} or {@code $CELEBA_SAMPLE}; skips the test when neither exists. */
    public static Path root() {
        Path relative = Path.of("../shared/celeba-sample");
        if (Files.isDirectory(relative)) {
            return relative.toAbsolutePath().normalize();
        }
        String env = System.getenv("CELEBA_SAMPLE");
        Assumptions.assumeTrue(env != null && Files.isDirectory(Path.of(env)),
                "CelebA sample not found at ../shared/celeba-sample nor in $CELEBA_SAMPLE: skipped");
        return Path.of(env);
    }

    /**
     * An aligned crop as a face in a 640x480 photo (enlarged 1.5x, turned 8 degrees, eyes near the centre), as
     * PNG: a "real photo" whose face must be found and aligned.
     */
    public static byte[] inPhoto(byte[] alignedJpeg) throws ImageRejectedException {
        BgrImage crop = new FacePreprocessor(ImageSpec.celebaDefault()).decodeAnySize(alignedJpeg, 1_000_000);
        Similarity place = Similarity.of(1.5, Math.toRadians(8), 0, 0);
        Point c = place.apply(EyeTemplate.MIDPOINT);
        place = new Similarity(place.a(), place.b(), 300 - c.x(), 230 - c.y());
        return FaceWarp.warp(crop, place, 640, 480).png();
    }

    /** The folder of aligned 178x218 JPEGs. */
    public static Path alignedImages() {
        Path dir = root().resolve("Img/img_align_celeba");
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " not found: skipped");
        return dir;
    }
}
