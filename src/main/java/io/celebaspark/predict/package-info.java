/**
 * {@code predict}: a saved model applied to photos in the driver JVM, through the very
 * {@link io.celebaspark.image.FacePreprocessor} and normalisation the training data went through.
 *
 * <p>May depend on {@code model}, {@code image}, {@code data}, {@code tensors}, DL4J and ND4J; needs no Spark.
 */
package io.celebaspark.predict;
