package io.celebaspark.spark;

import io.celebaspark.config.ClusterSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session of a job. The master comes from spark-submit when it set one (the cluster is
 * the launcher's decision) and from {@code cluster.master} otherwise; it is never hard-coded. Jobs own the
 * session they get and stop it in {@code finally}.
 */
public final class SparkSessions {
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
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
