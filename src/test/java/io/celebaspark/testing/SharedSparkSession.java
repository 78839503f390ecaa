package io.celebaspark.testing;

import io.celebaspark.spark.ExecutorCostMeter;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;

/**
 * Base of local-mode Spark tests, as Spark's own {@code SharedSparkSession}: one {@code local[2]} session
 * per test JVM, created on first use and stopped when the JVM exits, so the suite pays Spark's start-up
 * once, with the same Kryo settings and cost meter as {@link SparkSessions#create}. Tests must not stop it and must not
 * depend on state another test left in it.
 */
@Tag("spark")
public abstract class SharedSparkSession {
    private static SparkSession session;

    protected static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("celeba-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.debug.maxToStringFields", "200")
                    .config(SparkSessions.SERIALIZER, SparkSessions.KRYO)
                    .config(SparkSessions.KRYO_REGISTRATOR, SparkSessions.REGISTRATORS)
                    .config("spark.sql.extensions", SparkSessions.DELTA_EXTENSION)
                    .config("spark.sql.catalog.spark_catalog", SparkSessions.DELTA_CATALOG)
                    .config(SparkSessions.DELTA_SNAPSHOT_PARTITIONS, "1")
                    .config(ExecutorCostMeter.EXTRA_LISTENERS, ExecutorCostMeter.class.getName())
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
