package io.celebaspark.image;

/** A position in an image, in pixels, x to the right and y down; pixel centres are at integer coordinates. */
public record Point(double x, double y) {
}
