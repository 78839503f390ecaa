/**
 * The tensors table opened for training ({@link io.celebaspark.train.data.TensorDataset}): splits, label
 * columns, the manifest, and rows turned into DL4J minibatches where they are.
 *
 * <p>May depend on {@code tensors}, {@code model}, {@code config}, {@code data}, Spark, DL4J and ND4J.
 */
package io.celebaspark.train.data;
