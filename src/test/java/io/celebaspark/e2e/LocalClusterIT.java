package io.celebaspark.e2e;

import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real standalone cluster from {@code submit/local-cluster.sh} (Master and one Worker, no Spark
 * distribution), and synth + preprocess + train submitted to it through the {@code submit/*.sh} scripts:
 * the application jar reaches executors that the Worker launched in JVMs of their own, and DL4J's
 * parameter averaging runs there (its minibatch files on a file system the executors share).
 */
@Tag("e2e")
class LocalClusterIT {
    private static final Path PROJECT = SubmitScript.PROJECT;
    private static final Path WORK = PROJECT.resolve("target/it/local-cluster");
    /** CELEBA_WORK_DIR of the cluster and of the jobs, as a user who runs both from one shell. */
    private static final Path SCRATCH = WORK.resolve("scratch");
    private static final Map<String, String> ENV = new HashMap<>();

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, ENV, Duration.ofMinutes(8), script, args);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        ENV.putAll(LocalCluster.environment(SCRATCH, "2g"));
        // a cluster left by an aborted run, and its executor logs, must not count here
        run("local-cluster.sh", "stop");
        LocalCluster.deleteRecursively(SCRATCH.resolve("cluster/worker-1"));
        Run start = run("local-cluster.sh", "start", "--workers", "1", "--cores", "2", "--memory", "2g");
        assertEquals(0, start.exit(), start.output());
        assertEquals(masterUrl(), start.lastLine());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Run stop = run("local-cluster.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
        Run status = run("local-cluster.sh", "status");
        assertEquals(3, status.exit(), status.output());
    }

    private static String masterUrl() {
        return LocalCluster.masterUrl(ENV);
    }

    @Test
    void preprocessAndTrainRunOnTheWorkersExecutors() throws Exception {
        Run status = run("local-cluster.sh", "status");
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("master reports 1 worker(s) ALIVE"), status.output());

        Path celeba = WORK.resolve("celeba");
        Path data = WORK.resolve("data");
        LocalCluster.deleteRecursively(celeba); // synth refuses an existing folder: a rerun starts afresh
        Run synth = run("synth.sh", "--output", celeba.toString(), "--count", "300");
        assertEquals(0, synth.exit(), synth.output());
        Run preprocess = run("preprocess.sh", "--input", celeba.toString(), "--output", data.toString(),
                "--overwrite", "--master", masterUrl());
        assertEquals(0, preprocess.exit(), preprocess.output());

        assertEquals(300, LocalCluster.imagesInManifest(data));

        Run train = run("train.sh", "--data", data.toString(), "--metrics", WORK.resolve("metrics").toString(),
                "--output", WORK.resolve("runs").toString(), "--run-id", "on-cluster", "--set", "train.epochs=1",
                "--set", "train.batch-per-worker=32", "--master", masterUrl());
        assertEquals(0, train.exit(), train.output());
        assertTrue(train.output().contains("epoch 1/1  B 64 (32 x 2)"), train.output());
        assertTrue(train.output().contains("run on-cluster FINISHED"), train.output());
        assertTrue(Files.exists(WORK.resolve("runs/on-cluster/final/model.zip")));

        // The master lists both applications under the names the scripts give them, not the main class
        // (polled: a driver's unregistration reaches the master asynchronously).
        List<String> apps = List.of();
        for (int attempt = 0; attempt < 30 && apps.size() < 2; attempt++) {
            Thread.sleep(attempt == 0 ? 0 : 1000);
            apps = completedApplications();
        }
        assertEquals(List.of("celeba-spark preprocess", "celeba-spark train"), apps);

        // The Worker wrote each executor's command line at the top of its stderr: the executor ran there,
        // with the Java 17 flags Spark's ExecutorRunner adds and the scratch dirs common.sh passes.
        List<Path> executorLogs;
        try (Stream<Path> files = Files.walk(SCRATCH.resolve("cluster/worker-1"), 3)) {
            executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")
                    && p.getParent().getParent().getFileName().toString().startsWith("app-")).toList();
        }
        assertEquals(2, executorLogs.size(), "one executor per application: " + executorLogs);
        for (Path log : executorLogs) {
            String executorLog = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(executorLog.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), executorLog);
            assertTrue(executorLog.contains("-Dorg.bytedeco.javacpp.cachedir=" + SCRATCH.resolve("javacpp-cache")),
                    executorLog);
        }
    }

    private static List<String> completedApplications() throws IOException {
        JsonNode master = new ObjectMapper().readTree(URI.create("http://127.0.0.1:"
                + ENV.get("CELEBA_MASTER_WEBUI_PORT") + "/json/").toURL());
        List<String> names = new ArrayList<>();
        master.get("completedapps").forEach(app -> names.add(app.get("name").asText()));
        return names.stream().sorted().toList();
    }
}
