/**
 * Image math, pure: decoding a JPEG (libjpeg-turbo through JNA where it is proven pixel-identical to the
 * JDK's decoder, ImageIO otherwise), the crop box, the exact area resize and the CHW bytes, in one class that both
 * {@code preprocess} and {@code predict} use ({@link io.celebaspark.image.FacePreprocessor}), so training data and
 * photos are prepared identically.
 *
 * <p>Pure core: may depend on {@code data} and JNA; never on Spark, DL4J or ND4J (enforced by
 * {@code ArchitectureTest}).
 */
package io.celebaspark.image;
