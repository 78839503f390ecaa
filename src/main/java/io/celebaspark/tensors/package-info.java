/**
 * The tensors-table contract between {@code preprocess}, which writes it, and {@code model}, {@code train} and
 * {@code predict}, which read it: the tables' columns ({@link io.celebaspark.tensors.TableSchemas}) and
 * {@code manifest.json} ({@link io.celebaspark.tensors.Manifest}: shape, layout, crop and resize, train
 * statistics, provenance).
 *
 * <p>May depend on {@code data}, {@code image}, Spark SQL's types and Jackson; never on the jobs that write or
 * read the tables.
 */
package io.celebaspark.tensors;
