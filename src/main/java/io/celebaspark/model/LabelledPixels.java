package io.celebaspark.model;

/**
 * One tensors-table row reduced to what a minibatch needs: the image as stored (uint8 CHW) and the
 * configured labels in order. Kept free of Spark's {@code Row} so batch building is testable without Spark.
 *
 * @param imageId only for error messages: a bad row must be findable in the table
 */
public record LabelledPixels(String imageId, byte[] pixels, boolean[] labels) {
}
