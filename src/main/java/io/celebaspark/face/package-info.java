/**
 * Finding faces in real photos and aligning them the way CelebA's {@code img_align_celeba} were aligned, so
 * that a selfie or a group picture reaches the model as the 178x218 geometry it was trained on.
 *
 * <p>Depends on {@code io.celebaspark.image} (decoding, the pure similarity-warp maths) and on OpenCV
 * (bytedeco, already in the application jar) for cascade detection only ({@link io.celebaspark.face.CascadeFaceFinder});
 * never on Spark or DL4J. OpenCV's natives load only in the JVM that finds faces (serve, {@code predict
 * --faces}), never on executors.
 */
package io.celebaspark.face;
