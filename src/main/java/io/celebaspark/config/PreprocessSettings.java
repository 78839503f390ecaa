package io.celebaspark.config;

import io.celebaspark.image.CropBox;
import io.celebaspark.image.ImageSpec;

/**
 * Everything the preprocess job needs to turn raw CelebA into tensors. The image part ({@link ImageSpec})
 * is written into the manifest, and predict rebuilds the very same preprocessing from it.
 *
 * @param image             source size check, crop box and output size
 * @param maxRejectFraction the job fails when more of the existing images than this are rejected
 * @param shardSize         images per resumable shard
 * @param tasksPerShard     Spark tasks per shard, 0 for 4 x the default parallelism
 * @param limit             process only the first N existing images, 0 for all
 */
public record PreprocessSettings(ImageSpec image, double maxRejectFraction, int shardSize, int tasksPerShard,
                                 int limit) {
    public static PreprocessSettings from(ConfigReader r) {
        int expectedWidth = r.intIn("preprocess.expected-width", 1, 10_000);
        int expectedHeight = r.intIn("preprocess.expected-height", 1, 10_000);
        int x = r.intIn("preprocess.crop.x", 0, expectedWidth - 1);
        int y = r.intIn("preprocess.crop.y", 0, expectedHeight - 1);
        int width = r.intIn("preprocess.crop.width", 1, expectedWidth - x);
        int height = r.intIn("preprocess.crop.height", 1, expectedHeight - y);
        int size = r.intIn("preprocess.image-size", 8, Math.min(512, Math.min(width, height)));
        return new PreprocessSettings(
                new ImageSpec(expectedWidth, expectedHeight, new CropBox(x, y, width, height), size),
                r.doubleIn("preprocess.max-reject-fraction", 0.0, 1.0),
                r.intIn("preprocess.shard-size", 100, 10_000_000),
                r.intIn("preprocess.tasks-per-shard", 0, 100_000),
                r.intIn("preprocess.limit", 0, Integer.MAX_VALUE));
    }
}
