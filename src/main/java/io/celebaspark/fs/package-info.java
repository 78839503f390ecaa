/**
 * Small Hadoop file-system helpers shared by the jobs: folders written whole and renamed into place, and the
 * refusal of an output folder that exists ({@link io.celebaspark.fs.HadoopFiles}); a serializable wrapper that
 * ships a Hadoop {@code Configuration} to executors ({@link io.celebaspark.fs.SerializableHadoopConf}).
 *
 * <p>May depend on Hadoop only.
 */
package io.celebaspark.fs;
