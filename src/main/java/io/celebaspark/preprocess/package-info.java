/**
 * The {@code preprocess} Spark job: raw CelebA to the tensors table, {@code manifest.json} and the rejects
 * table, in resumable shards published atomically ({@link io.celebaspark.preprocess.PreprocessJob}); the work plan,
 * the decoding partitions, the statistics and the reject limit.
 *
 * <p>May depend on {@code data}, {@code image}, {@code config}, {@code tensors} (the contract it writes),
 * {@code fs}, {@code provenance}, Spark and Hadoop. Nothing but {@code cli} and {@code bench} depends on it: the
 * packages that read its output use {@code tensors}.
 */
package io.celebaspark.preprocess;
