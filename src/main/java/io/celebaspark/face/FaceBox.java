package io.celebaspark.face;

/** Where a face was found in the photo, in the photo's pixels. */
public record FaceBox(int x, int y, int width, int height) {
}
