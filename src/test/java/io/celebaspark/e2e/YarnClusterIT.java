package io.celebaspark.e2e;

import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code spark-submit --master yarn} path: a one-node YARN cluster from {@code submit/mini-yarn.sh}
 * (Hadoop's MiniYARNCluster in a JVM of its own, its containers processes of their own), and synth + preprocess
 * + a one-epoch training submitted to it through the {@code submit/*.sh} scripts with
 * {@code conf/cluster-yarn.properties} in client deploy mode. Spark's YARN client ships the launcher's Spark
 * jars and the application jar to the containers; the ResourceManager must list both applications as
 * succeeded, and the NodeManager must have run an application master and an executor container for each.
 */
@Tag("cluster")
class YarnClusterIT extends SharedSparkSession {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/yarn-cluster");
    private static final Path SCRATCH = WORK.resolve("scratch");
    /** MiniYARNCluster's folders, under the script's mini-yarn/ folder. */
    private static final Path NODE_DIRS = SCRATCH.resolve("mini-yarn/target");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Map<String, String> ENV = new HashMap<>();

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, ENV, TIMEOUT, script, args);
    }

    @BeforeAll
    static void startYarn() throws Exception {
        ENV.put("CELEBA_WORK_DIR", SCRATCH.toString());
        ENV.put("CELEBA_DRIVER_MEMORY", "1g");
        // The driver (client mode) on loopback, where the executors' containers reach it.
        ENV.put("SPARK_LOCAL_IP", "127.0.0.1");
        run("mini-yarn.sh", "stop");  // one left by an aborted run
        Run start = run("mini-yarn.sh", "start");
        assertEquals(0, start.exit(), start.output());
        ENV.put("HADOOP_CONF_DIR", start.lastLine());
        assertTrue(Files.exists(Path.of(start.lastLine(), "yarn-site.xml")), start.output());
        // The node has 4 GB for containers: one executor of 2 cores and 1 GB (+1 GB overhead) instead of the
        // file's 16 of 6 GB; the staging dir (Spark's jars and the application jar) under this test's folder.
        ENV.put("CELEBA_SUBMIT_OPTS", "--conf spark.executor.instances=1 --conf spark.executor.cores=2"
                + " --conf spark.executor.memory=1g --conf spark.executor.memoryOverhead=1g"
                + " --conf spark.yarn.stagingDir=" + SCRATCH.resolve("staging").toUri()
                + " --conf spark.ui.port=" + LocalCluster.freePort());
    }

    @AfterAll
    static void stopYarn() throws Exception {
        Run stop = run("mini-yarn.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
        Run status = run("mini-yarn.sh", "status");
        assertEquals(3, status.exit(), status.output());
    }

    @Test
    void preprocessAndTrainRunAsYarnApplications() throws Exception {
        Run status = run("mini-yarn.sh", "status");
        assertEquals(0, status.exit(), status.output());
        try (YarnClient yarn = yarnClient()) {
            assertEquals(1, yarn.getNodeReports(NodeState.RUNNING).size());
        }

        Path celeba = WORK.resolve("celeba");
        Path data = WORK.resolve("data");
        LocalCluster.deleteRecursively(celeba); // synth refuses an existing folder: a rerun starts afresh
        Run synth = run("synth.sh", "--output", celeba.toString(), "--count", "200");
        assertEquals(0, synth.exit(), synth.output());
        Run preprocess = run("preprocess.sh", "--input", celeba.toString(), "--output", data.toString(), "--overwrite",
                "--set", "preprocess.image-size=32", "--properties-file", "conf/cluster-yarn.properties",
                "--master", "yarn");
        assertEquals(0, preprocess.exit(), preprocess.output());
        assertEquals(200, LocalCluster.imagesInManifest(data));

        // Fresh folders per launch, so that a run id left by an earlier launch is no clash.
        Path metrics = WORK.resolve("metrics-" + System.nanoTime());
        Path runs = WORK.resolve("runs-" + System.nanoTime());
        Run train = run("train.sh", "--data", data.toString(), "--metrics", metrics.toString(), "--output",
                runs.toString(), "--run-id", "on-yarn", "--set", "train.epochs=1", "--set",
                "train.batch-per-worker=16", "--properties-file", "conf/cluster-yarn.properties", "--master", "yarn");
        assertEquals(0, train.exit(), train.output());
        assertTrue(train.output().contains("epoch 1/1  B 32 (16 x 2)"), train.output());
        assertTrue(train.output().contains("run on-yarn FINISHED"), train.output());
        assertTrue(Files.exists(runs.resolve("on-yarn/final/model.zip")));
        MetricsStore store = MetricsStore.open(spark(), metrics.toString());
        assertEquals(1, store.epochs("on-yarn").size());
        RunRecord record = store.run("on-yarn").orElseThrow();
        assertEquals(RunStatus.FINISHED, record.status());
        assertEquals("yarn", record.sparkMaster());
        assertEquals(2, record.workers());

        // The ResourceManager ran both as YARN applications, to success.
        Map<String, ApplicationReport> apps = new TreeMap<>();
        try (YarnClient yarn = yarnClient()) {
            yarn.getApplications().forEach(app -> apps.put(app.getName(), app));
        }
        assertEquals(List.of("celeba-spark preprocess", "celeba-spark train"), List.copyOf(apps.keySet()), apps.toString());
        Path containerLogs = containerLogDir();
        for (ApplicationReport app : apps.values()) {
            String id = app.getApplicationId().toString();
            assertTrue(id.matches("application_\\d+_\\d+"), id);
            assertEquals("SPARK", app.getApplicationType(), app.toString());
            assertEquals(YarnApplicationState.FINISHED, app.getYarnApplicationState(), app.toString());
            assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.toString());
            // Container 1 is the application master (ExecutorLauncher); the executor came in a later one.
            List<String> containers = containers(containerLogs.resolve(id));
            assertTrue(containers.size() >= 2 && containers.get(0).endsWith("_000001"), id + ": " + containers);
            for (String container : containers) {
                String stderr = Files.readString(containerLogs.resolve(id).resolve(container).resolve("stderr"));
                // SPARK_LOCAL_IP from the NodeManager: Spark in the containers stays on loopback.
                assertFalse(stderr.contains("resolves to a loopback address"), container + ": " + stderr);
            }
        }
    }

    /** A client of the cluster's ResourceManager, from the configuration the script wrote. */
    private static YarnClient yarnClient() throws IOException {
        YarnConfiguration conf = new YarnConfiguration();
        conf.addResource(Path.of(ENV.get("HADOOP_CONF_DIR"), "yarn-site.xml").toUri().toURL());
        YarnClient client = YarnClient.createYarnClient();
        client.init(conf);
        client.start();
        return client;
    }

    /** The NodeManager's log dir: one folder per application, one per container in it. */
    private static Path containerLogDir() throws IOException {
        try (Stream<Path> dirs = Files.walk(NODE_DIRS, 5)) {
            return dirs.filter(p -> p.getFileName().toString().endsWith("-logDir-nm-0_0")).findFirst()
                    .orElseThrow(() -> new AssertionError("no NodeManager log dir under " + NODE_DIRS));
        }
    }

    private static List<String> containers(Path applicationLogs) throws IOException {
        try (Stream<Path> dirs = Files.list(applicationLogs)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("container_")).sorted().toList();
        }
    }
}
