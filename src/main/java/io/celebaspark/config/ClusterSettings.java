package io.celebaspark.config;

/**
 * Where Spark runs when the launcher did not say. Spark's own {@code spark.*} properties stay Spark's:
 * this record holds only what the project decides.
 *
 * @param master   the master URL used when spark-submit set none
 * @param localDir scratch folder for Spark, or empty for Spark's default
 */
public record ClusterSettings(String master, String localDir) {
    public static ClusterSettings from(ConfigReader r) {
        String master = r.string("cluster.master");
        if (master.isBlank()) {
            throw r.invalid("cluster.master", "\"\"", "must be a Spark master URL such as local[*] or spark://host:7077");
        }
        return new ClusterSettings(master, r.string("cluster.local-dir"));
    }
}
