package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celebaspark.config.ClusterSettings;
import io.celebaspark.config.ScaleOutMode;
import io.celebaspark.config.ScaleOutSettings;
import io.celebaspark.spark.ExecutorScaler;
import io.celebaspark.spark.ExecutorScaling;
import io.celebaspark.spark.SparkSessions;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scale-out spike, run by {@link ScaleOutClusterIT} in a JVM of its own (a JVM holds one SparkContext, and the
 * test JVM may hold the tests' local one): from the project's own session ({@link SparkSessions#create}) on a
 * standalone master, with 1-core executors and dynamic allocation off, it asks {@link ExecutorScaler} for each
 * count in turn, runs a job of that many one-second tasks and prints one line per count:
 * {@code spike <n>: before <b>, ready <r> after <s> s, tasks on <e> executors, master grants <c> cores}.
 *
 * <p>Arguments: the master URL, the master's web UI port, then the executor counts (e.g. {@code 2 4}).
 */
public final class ExecutorSpike {
    private ExecutorSpike() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.create("celeba-spark scale-out spike", new ClusterSettings(args[0], ""));
        try {
            SparkContext sc = spark.sparkContext();
            ExecutorScaler scaler = ExecutorScaler.forSession(sc, new ScaleOutSettings(ScaleOutMode.EXPLICIT, 180));
            for (int i = 2; i < args.length; i++) {
                int n = Integer.parseInt(args[i]);
                ExecutorScaling scaling = scaler.provide(n).orElseThrow();
                Set<String> executors = ConcurrentHashMap.newKeySet();
                SparkListener listener = new SparkListener() {
                    @Override
                    public void onTaskStart(SparkListenerTaskStart start) {
                        executors.add(start.taskInfo().executorId());
                    }
                };
                sc.addSparkListener(listener);
                spark.range(0, n, 1, n).selectExpr("reflect('java.lang.Thread', 'sleep', cast(1000 as bigint))")
                        .collectAsList();
                sc.listenerBus().waitUntilEmpty();
                sc.removeSparkListener(listener);
                System.out.println(String.format(Locale.ROOT, "spike %d: before %d, ready %d after %.1f s, tasks on"
                                + " %d executors, master grants %d cores", n, scaling.before(), scaling.registered(),
                        scaling.seconds(), executors.size(), grantedCores(args[1], sc.applicationId())));
            }
        } finally {
            spark.stop();
        }
    }

    /** The cores the standalone master's JSON lists for the application. */
    private static int grantedCores(String webUiPort, String applicationId) throws Exception {
        JsonNode master = new ObjectMapper().readTree(URI.create("http://127.0.0.1:" + webUiPort + "/json/").toURL());
        for (JsonNode app : master.path("activeapps")) {
            if (app.path("id").asText().equals(applicationId)) {
                return app.path("cores").asInt(-1);
            }
        }
        return -1;
    }
}
