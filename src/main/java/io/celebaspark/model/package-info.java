/**
 * The networks and model bundles: the architectures ({@code compact}, {@code levi-hassner}) built by
 * {@link io.celebaspark.model.NetworkFactory} in the layout oneDNN runs fastest, DL4J's runtime switches
 * ({@link io.celebaspark.model.Dl4jRuntime}), minibatches normalised from the tensors' uint8 bytes
 * ({@link io.celebaspark.model.TensorBatches}), forward FLOPs, and the model bundle a run saves and
 * {@code predict} loads ({@link io.celebaspark.model.ModelBundle}, {@link io.celebaspark.model.ModelCard}).
 *
 * <p>May depend on {@code tensors}, {@code metrics}, {@code fs}, {@code provenance}, DL4J, ND4J, Hadoop and
 * Jackson; not on Spark.
 */
package io.celebaspark.model;
