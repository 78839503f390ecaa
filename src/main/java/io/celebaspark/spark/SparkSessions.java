package io.celebaspark.spark;

import io.celebaspark.config.ClusterSettings;
import io.celebaspark.model.Dl4jRuntime;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.Map;

/**
 * Creates the Spark session of a job. The master comes from spark-submit when it set one (the cluster is
 * the launcher's decision) and from {@code cluster.master} otherwise; it is never hard-coded. Jobs own the
 * session they get and stop it in {@code finally}.
 *
 * <p>Every session uses Kryo with ND4J's registrator: DL4J's Spark training refuses to run without it. Every
 * session is Delta-enabled (extension and catalog, unless spark-submit set others) because the metrics
 * tables are Delta tables. Executors of a cluster get one OpenMP thread per task core ({@link TaskThreads}).
 * With {@code CELEBA_SPARK_SECRET} set, Spark's authentication is on with that secret ({@link ClusterSecret}).
 * Every session meters what its executors cost ({@link ExecutorCostMeter}, which must see the first executor).
 * None of these can be changed once the session exists, so all are decided here.
 */
public final class SparkSessions {
    public static final String SERIALIZER = "spark.serializer";
    public static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
    public static final String KRYO_REGISTRATOR = "spark.kryo.registrator";
    public static final String ND4J_REGISTRATOR = "org.nd4j.kryo.Nd4jRegistrator";
    /**
     * ND4J's registrator for DL4J, ours so that Kryo can still move the project's records, and, after ND4J's,
     * the bulk serializer for ND4J arrays that replaces ND4J's element-by-element one.
     */
    public static final String REGISTRATORS = ND4J_REGISTRATOR + "," + JavaRecordsRegistrator.class.getName() + ","
            + BulkNd4jRegistrator.class.getName();
    /** Delta Lake's session extension, which the metrics tables need (also set by the test session). */
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    /** Delta Lake's catalog in place of Spark's built-in session catalog. */
    public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    /** Partitions Delta replays a table's log into (its default, 50, is meant for large tables). */
    public static final String DELTA_SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
    public static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
    public static final String BROADCAST_COMPRESS = "spark.broadcast.compress";
    public static final String MAX_DIRECT_RESULT = "spark.task.maxDirectResultSize";
    /** Large enough for an averaging round's task result, below Spark's RPC message limit (128 MiB). */
    static final String DIRECT_RESULT_LIMIT = "64m";

    private SparkSessions() {
    }

    public static SparkSession create(String appName, ClusterSettings cluster) {
        return create(appName, cluster, Map.of());
    }

    /**
     * As {@link #create(String, ClusterSettings)}, with a job's own Spark settings (the experiment's FAIR
     * scheduler for side-by-side runs), each applied unless the launcher set that key itself.
     */
    public static SparkSession create(String appName, ClusterSettings cluster, Map<String, String> jobDefaults) {
        SparkConf conf = new SparkConf();
        jobDefaults.forEach(conf::setIfMissing);
        if (!conf.contains("spark.master")) {
            conf.setMaster(cluster.master());
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        if (!cluster.localDir().isBlank() && !conf.contains("spark.local.dir")) {
            conf.set("spark.local.dir", cluster.localDir());
        }
        ClusterSecret.withSecretFrom(System.getenv(), conf);
        withNd4jKryo(conf);
        withDl4jHelpers(conf);
        TaskThreads.withTaskThreads(conf);
        withUncompressedBroadcasts(conf);
        withDirectTaskResults(conf);
        ExecutorCostMeter.register(conf);
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
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        try {
            requireRegistered(session.sparkContext().master(), session.sparkContext().applicationId());
        } catch (ClusterRefusedException e) {
            session.stop(); // now, so that Spark's last words on it come before the reason
            throw e;
        }
        return session;
    }

    /**
     * Fails, saying what to check, when a standalone master did not register the application: its id is then
     * Spark's local fallback instead of the master's {@code app-...}. The usual cause is authentication (the
     * cluster runs with {@code spark.authenticate} and the application has no or another secret: the master
     * drops the connection, and Spark retries for a minute before it gives up); the other is a master that
     * is not running.
     */
    static void requireRegistered(String master, String applicationId) {
        if (master.startsWith("spark://") && !applicationId.startsWith("app-")) {
            throw new ClusterRefusedException("the Spark master at " + master + " did not register this application."
                    + " If the cluster runs with spark.authenticate, set " + ClusterSecret.ENV + " to the cluster's"
                    + " secret (docs/cluster.md); otherwise check that the master is up (submit/local-cluster.sh"
                    + " status)");
        }
    }

    /**
     * Turns off broadcast compression unless the launcher set {@code spark.broadcast.compress} itself. Every
     * averaging round broadcasts the network's parameters and optimiser state, float data that lz4 does not
     * compress (4,683,127 → 4,677,105 bytes for {@code compact}, docs/spark-round.md): compressing costs the
     * driver, and decompressing every executor, CPU for nothing. The project broadcasts nothing else that is
     * large.
     */
    public static SparkConf withUncompressedBroadcasts(SparkConf conf) {
        return conf.setIfMissing(BROADCAST_COMPRESS, "false");
    }

    /**
     * Sends task results of up to {@value #DIRECT_RESULT_LIMIT} with the task's status update, unless the launcher
     * set {@value #MAX_DIRECT_RESULT} itself. Every averaging round's task returns the worker's parameters and
     * optimiser state (4.7 MB for {@code compact} with Adam); above Spark's default limit of 1 MB the executor
     * stores the result in its block manager and the driver fetches it in a second exchange, even in local mode
     * over the loopback. Direct, the train job's median round on an idle 2-core machine took 239 and 241 ms
     * against 255 and 248 ms (docs/spark-round.md). Spark caps the value at {@code spark.rpc.message.maxSize}.
     */
    public static SparkConf withDirectTaskResults(SparkConf conf) {
        return conf.setIfMissing(MAX_DIRECT_RESULT, DIRECT_RESULT_LIMIT);
    }

    /** Sets Kryo and ND4J's registrator unless the launcher chose a serializer or registrator itself. */
    public static SparkConf withNd4jKryo(SparkConf conf) {
        return conf.setIfMissing(SERIALIZER, KRYO).setIfMissing(KRYO_REGISTRATOR, REGISTRATORS);
    }

    /**
     * Turns DL4J's oneDNN layer helpers on in this JVM (the driver, and the executors of a local master) and
     * on the executors' command line, appended to any {@value #EXECUTOR_JAVA_OPTIONS} the launcher set
     * (submit/common.sh sets some), unless those already decide {@value Dl4jRuntime#HELPERS_DISABLE}.
     */
    public static SparkConf withDl4jHelpers(SparkConf conf) {
        Dl4jRuntime.enableHelpers();
        String options = conf.get(EXECUTOR_JAVA_OPTIONS, "").strip();
        if (!options.contains("-D" + Dl4jRuntime.HELPERS_DISABLE + "=")) {
            conf.set(EXECUTOR_JAVA_OPTIONS, (options + " " + Dl4jRuntime.EXECUTOR_JAVA_OPTION).strip());
        }
        return conf;
    }

    /**
     * Fails, naming both settings, unless the session serialises with Kryo and ND4J's registrator; DL4J's own
     * check is only a log line followed by a failure deep inside the first training job.
     */
    public static void requireNd4jKryo(SparkConf conf) {
        String serializer = conf.get(SERIALIZER, "org.apache.spark.serializer.JavaSerializer");
        String registrator = conf.get(KRYO_REGISTRATOR, "");
        if (!serializer.equals(KRYO) || !Arrays.asList(registrator.split(",")).contains(ND4J_REGISTRATOR)) {
            throw new IllegalStateException("DL4J on Spark needs " + SERIALIZER + "=" + KRYO + " and "
                    + KRYO_REGISTRATOR + "=" + ND4J_REGISTRATOR + " (this session has " + SERIALIZER + "="
                    + serializer + ", " + KRYO_REGISTRATOR + "=" + (registrator.isEmpty() ? "<unset>" : registrator)
                    + "); set both before the session starts (SparkSessions.create does)");
        }
    }
}
