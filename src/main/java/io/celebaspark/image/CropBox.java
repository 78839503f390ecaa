package io.celebaspark.image;

import java.io.Serializable;

/**
 * A rectangle of the decoded source image, in pixels, that is kept before resizing. It is part of the data
 * contract (the manifest records it) because a model trained on one crop is wrong on another: the
 * {@code preprocess} job and {@code predict} must cut exactly the same rectangle.
 *
 * @param x      left edge, inclusive, {@code >= 0}
 * @param y      top edge, inclusive, {@code >= 0}
 * @param width  width in pixels, {@code > 0}
 * @param height height in pixels, {@code > 0}
 */
public record CropBox(int x, int y, int width, int height) implements Serializable {

    public CropBox {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("crop origin must be non-negative, got (" + x + "," + y + ")");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
        }
    }

    /** Whether the box lies entirely inside an image of the given size. */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
    }

    @Override
    public String toString() {
        return "(" + x + "," + y + ") " + width + "x" + height;
    }
}
