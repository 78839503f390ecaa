/**
 * The metrics tables ({@code runs}, {@code epochs}, {@code label_metrics}, {@code events}) as Delta Lake
 * tables under one root: their fixed schemas ({@link io.celebaspark.metrics.tables.MetricsSchemas}), one record
 * type per row, and {@link io.celebaspark.metrics.tables.MetricsStore}, whose every write is one atomic commit that
 * replaces exactly the rows it is about (so a resumed run leaves one {@code epochs} row per epoch).
 *
 * <p>An adapter, not pure: may depend on {@code metrics}, {@code cost} (the epochs' cost columns),
 * {@code errors}, {@code fs}, Spark SQL, Delta Lake and Hadoop.
 */
package io.celebaspark.metrics.tables;
