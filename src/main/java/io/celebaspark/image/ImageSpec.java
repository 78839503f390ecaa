package io.celebaspark.image;

import java.io.Serializable;

/**
 * Everything that determines how a source image becomes a training tensor, in a few serializable numbers.
 * It is what Spark ships to executors and what the manifest records, so that {@code predict} rebuilds the
 * exact {@link FacePreprocessor} the training data came from.
 *
 * <p>Images are required to have one known size ({@code expectedWidth x expectedHeight}) because the crop box
 * is only meaningful for the alignment CelebA's {@code img_align_celeba} was made with; an image of another
 * size is rejected rather than silently cropped somewhere else. Only downsampling (or keeping the size) is
 * supported: {@code outputSize} may not exceed either side of the crop, since the area filter's meaning
 * (mean of covered source pixels) is the point and upsampling would add nothing the network can use.
 *
 * @param expectedWidth  width every source image must have
 * @param expectedHeight height every source image must have
 * @param crop           rectangle kept, inside the expected size
 * @param outputSize     side of the square output, {@code 1 <= outputSize <= min(crop.width, crop.height)}
 */
public record ImageSpec(int expectedWidth, int expectedHeight, CropBox crop, int outputSize) implements Serializable {

    /** CelebA aligned images are 178x218. */
    public static final int CELEBA_WIDTH = 178;
    /** CelebA aligned images are 178x218. */
    public static final int CELEBA_HEIGHT = 218;

    /**
     * Largest crop, in pixels (2048x2048), for which the area filter's exact integer sums fit in an int
     * ({@code 511 * area < 2^31}); far beyond any face crop.
     */
    public static final int MAX_CROP_AREA = 1 << 22;

    public ImageSpec {
        if (expectedWidth <= 0 || expectedHeight <= 0) {
            throw new IllegalArgumentException(
                    "expected image size must be positive, got " + expectedWidth + "x" + expectedHeight);
        }
        if (crop == null) {
            throw new IllegalArgumentException("crop is required");
        }
        if (!crop.fitsIn(expectedWidth, expectedHeight)) {
            throw new IllegalArgumentException(
                    "crop " + crop + " does not fit in the expected image size " + expectedWidth + "x" + expectedHeight);
        }
        if ((long) crop.width() * crop.height() > MAX_CROP_AREA) {
            throw new IllegalArgumentException("crop " + crop + " is larger than " + MAX_CROP_AREA + " pixels");
        }
        if (outputSize <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outputSize);
        }
        if (outputSize > Math.min(crop.width(), crop.height())) {
            throw new IllegalArgumentException("output size " + outputSize + " exceeds the crop " + crop.width() + "x"
                    + crop.height() + ": upsampling is not supported (the area filter only downsamples)");
        }
    }

    /** CelebA aligned: 178x218, the square (0,20) 178x178 that holds the face, area-resized to 64x64. */
    public static ImageSpec celebaDefault() {
        return celeba(64);
    }

    /** CelebA aligned with the default crop at another output size (e.g. 128). */
    public static ImageSpec celeba(int outputSize) {
        return new ImageSpec(CELEBA_WIDTH, CELEBA_HEIGHT, new CropBox(0, 20, 178, 178), outputSize);
    }

    /** Length of the tensor {@link FacePreprocessor#toChw} returns: 3 channels x outputSize^2. */
    public int tensorLength() {
        return 3 * outputSize * outputSize;
    }
}
