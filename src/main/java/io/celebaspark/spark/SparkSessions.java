package io.celebaspark.spark;

import io.celebaspark.config.ClusterSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session of a job. The master comes from spark-submit when it set one (the cluster is
 * the launcher's decision) and from {@code cluster.master} otherwise; it is never hard-coded. Jobs own the
 * session they get and stop it in {@code finally}. Every session is Delta-enabled (extension and catalog,
 * unless spark-submit set others) because the metrics tables are Delta tables; these are session-start
 * settings that cannot be added to a running session.
 */
public final class SparkSessions {
    /** Delta Lake's session extension, which the metrics tables need (also set by the test session). */
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    /** Delta Lake's catalog in place of Spark's built-in session catalog. */
    public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    /** Partitions Delta replays a table's log into (its default, 50, is meant for large tables). */
    public static final String DELTA_SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

    private SparkSessions() {
    }

    public static SparkSession create(String appName, ClusterSettings cluster) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(cluster.master());
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        if (!cluster.localDir().isBlank() && !conf.contains("spark.local.dir")) {
            conf.set("spark.local.dir", cluster.localDir());
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "snappy");
        // The tensors table has 45 columns; Spark would otherwise warn that it truncates plan strings.
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "200");
        // Delta Lake for the metrics tables: its SQL (MERGE, DESCRIBE HISTORY, delta.`path`) and catalog.
        conf.setIfMissing("spark.sql.extensions", DELTA_EXTENSION);
        conf.setIfMissing("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
        // The metrics tables' logs are tiny: Delta's default of 50 partitions to replay a log costs 50 tasks
        // on every write and read of a table.
        conf.setIfMissing(DELTA_SNAPSHOT_PARTITIONS, "1");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
