package io.celebaspark.testing;

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

    /** The folder of aligned 178x218 JPEGs. */
    public static Path alignedImages() {
        Path dir = root().resolve("Img/img_align_celeba");
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " not found: skipped");
        return dir;
    }
}
