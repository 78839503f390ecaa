package io.celebaspark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import io.celebaspark.testing.SubmitScript.Running;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.celebaspark.testing.LocalCluster.kill;
import static io.celebaspark.testing.LocalCluster.pidFromFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on a real standalone cluster ({@code submit/local-cluster.sh}, two workers of one core each) while
 * the real commands run on it: an executor killed while preprocess decodes, two train runs writing one
 * metrics root at once, the driver killed in the middle of an epoch and resumed, and a worker killed with its
 * executor in the middle of an epoch. Processes are found by the pid files the scripts write (the driver's,
 * {@code CELEBA_DRIVER_PID_FILE}; each executor's {@code executor.pid} in its work dir), never by name; the
 * moment to strike is read from the driver's REST API (a job of the wanted epoch or shard with tasks
 * running), never guessed with a sleep.
 *
 * <p>One cluster and one preprocessed data set serve every case; the worker is killed last since the
 * cluster keeps one worker afterwards. What each case observed (epoch times, rows before and after) is
 * printed with the prefix {@code [cluster-faults]} for docs/cluster-faults.md.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT extends SharedSparkSession {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/cluster-faults");
    private static final Path SCRATCH = WORK.resolve("scratch");
    private static final Path CELEBA = WORK.resolve("celeba");
    private static final Path DATA = WORK.resolve("data");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Map<String, String> ENV = new HashMap<>();
    private static final int EPOCHS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The uninterrupted run the resumed one is compared with (trained by the concurrency case when it ran). */
    private static String referenceRun;

    @BeforeAll
    static void startClusterAndPreprocess() throws Exception {
        ENV.putAll(LocalCluster.environment(SCRATCH, "1g"));
        run("local-cluster.sh", "stop");
        for (Path dir : List.of(SCRATCH.resolve("cluster/worker-1"), SCRATCH.resolve("cluster/worker-2"),
                WORK.resolve("runs"), WORK.resolve("metrics"), CELEBA, DATA, WORK.resolve("data-executor-lost"))) {
            LocalCluster.deleteRecursively(dir);
        }
        Run start = run("local-cluster.sh", "start", "--workers", "2", "--cores", "1", "--memory", "1536m");
        assertEquals(0, start.exit(), start.output());

        Run synth = run("synth.sh", "--output", CELEBA.toString(), "--count", "320");
        assertEquals(0, synth.exit(), synth.output());
        Run preprocess = run("preprocess.sh", preprocessArgs(DATA));
        assertEquals(0, preprocess.exit(), preprocess.output());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Run stop = run("local-cluster.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
    }

    @Test
    @Order(1)
    void anExecutorKilledWhilePreprocessDecodesChangesNothingInTheOutput() throws Exception {
        Path disturbed = WORK.resolve("data-executor-lost");
        Driver driver = new Driver("preprocess-executor-lost");
        Running preprocess = driver.start("preprocess.sh", preprocessArgs(disturbed));
        String app = driver.awaitRunningJob(preprocess, d -> d.startsWith("preprocess shard"));
        kill(executorPid("worker-1", app), "org.apache.spark.executor");
        Run done = preprocess.await(TIMEOUT);
        assertEquals(0, done.exit(), done.output());
        assertTrue(done.output().contains("Lost executor"), "the kill hit the application: " + done.output());

        assertEquals(manifestWithoutCreationTime(DATA), manifestWithoutCreationTime(disturbed));
        for (String table : List.of("tensors", "rejects")) {
            Dataset<Row> expected = spark().read().parquet(DATA.resolve(table).toString());
            Dataset<Row> actual = spark().read().parquet(disturbed.resolve(table).toString());
            assertEquals(expected.count(), actual.count(), table);
            assertEquals(0, expected.exceptAll(actual).count(), table + ": rows missing after the executor loss");
            assertEquals(0, actual.exceptAll(expected).count(), table + ": rows added after the executor loss");
        }
        observed("executor loss in preprocess: %d tensor rows, as undisturbed",
                spark().read().parquet(disturbed.resolve("tensors").toString()).count());
    }

    @Test
    @Order(2)
    void twoRunsWriteOneMetricsRootAtTheSameTime() throws Exception {
        List<String> ids = List.of("together-a", "together-b");
        List<Running> runs = new ArrayList<>();
        for (String id : ids) {
            // a core each, so that both train at once instead of the second waiting for the first's executors
            runs.add(new Driver(id, "--conf spark.cores.max=1").start("train.sh", trainArgs(id)));
        }
        long retries = 0;
        for (int i = 0; i < ids.size(); i++) {
            Run done = runs.get(i).await(TIMEOUT);
            assertEquals(0, done.exit(), done.output());
            assertTrue(done.output().contains("run " + ids.get(i) + " FINISHED"), done.output());
            retries += done.output().lines().filter(l -> l.contains("conflicted with a concurrent writer")).count();
        }
        for (String id : ids) {
            assertFinishedWithOneRowPerEpoch(id);
        }
        RunRecord a = store().run(ids.get(0)).orElseThrow();
        RunRecord b = store().run(ids.get(1)).orElseThrow();
        assertTrue(a.startedAt().isBefore(b.endedAt()) && b.startedAt().isBefore(a.endedAt()),
                "the runs overlapped: " + a.startedAt() + ".." + a.endedAt() + " and " + b.startedAt() + ".." + b.endedAt());
        referenceRun = ids.get(0);
        observed("two runs at once: %d and %d epochs rows, %d and %d events, %d commit retries",
                store().epochs(ids.get(0)).size(), store().epochs(ids.get(1)).size(), store().events(ids.get(0)).size(),
                store().events(ids.get(1)).size(), retries);
    }

    @Test
    @Order(3)
    void aKilledDriverLeavesTheRunRunningAndResumeFinishesItAsIfNothingHappened() throws Exception {
        String reference = referenceRun();
        String id = "driver-killed";
        Driver driver = new Driver(id);
        Running train = driver.start("train.sh", trainArgs(id));
        driver.awaitRunningJob(train, trainingEpoch(id, 2));
        long killedAt = System.nanoTime();
        kill(driver.pid(), "org.apache.spark.deploy.SparkSubmit");
        train.await(TIMEOUT);

        assertEquals(RunStatus.RUNNING, store().run(id).orElseThrow().status());
        int rowsBefore = store().epochs(id).size();
        assertEquals(List.of(1), epochNumbers(id), "killed in epoch 2");

        Run resumed = run("train.sh", "--data", DATA.toString(), "--metrics", metrics(), "--output", runs(),
                "--resume", id, "--master", masterUrl());
        double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
        assertEquals(0, resumed.exit(), resumed.output());
        assertTrue(resumed.output().contains("resumed after epoch 1"), resumed.output());
        assertFinishedWithOneRowPerEpoch(id);
        assertTrue(store().events(id).stream().anyMatch(e -> e.kind().equals("RESUMED") && e.epoch() == 1),
                store().events(id).toString());

        for (String model : List.of("checkpoints/epoch-0002/model.zip", "final/model.zip")) {
            MultiLayerNetwork expected = network(reference, model);
            MultiLayerNetwork actual = network(id, model);
            assertTrue(expected.params().equalsWithEps(actual.params(), 1e-5),
                    model + ": the resumed run's parameters differ from the uninterrupted run's");
        }
        observed("driver loss: epochs rows %d before the resume, %d after; kill to resumed run finished %.0f s",
                rowsBefore, store().epochs(id).size(), recoverySeconds);
    }

    @Test
    @Order(4)
    void aWorkerKilledWithItsExecutorInEpoch2CostsTimeButNoRows() throws Exception {
        String id = "worker-killed";
        Driver driver = new Driver(id);
        Running train = driver.start("train.sh", trainArgs(id));
        String app = driver.awaitRunningJob(train, trainingEpoch(id, 2));
        // both checked first, then killed back to back: the executor ends by itself soon after its worker
        kill(Map.of(pidFromFile(SCRATCH.resolve("cluster/pids/worker-2.pid")), "org.apache.spark.deploy.worker.Worker",
                executorPid("worker-2", app), "org.apache.spark.executor"));
        Run done = train.await(TIMEOUT);
        assertEquals(0, done.exit(), done.output());
        assertTrue(done.output().contains("Lost executor"), "the driver saw the executor go: " + done.output());
        assertTrue(done.output().contains("run " + id + " FINISHED after epoch " + EPOCHS), done.output());

        assertFinishedWithOneRowPerEpoch(id);
        List<String> kinds = store().events(id).stream().map(EventRecord::kind).toList();
        assertFalse(kinds.contains("FAILED") || kinds.contains("RESUMED"), kinds.toString());
        Run status = run("local-cluster.sh", "status");
        assertTrue(status.output().contains("worker-2  stopped"), status.output());

        Run predict = run("predict.sh", "--model", WORK.resolve("runs").resolve(id).resolve("final").toString(),
                "--format", "json", CELEBA.resolve("Img/img_align_celeba/000001.jpg").toString());
        assertEquals(0, predict.exit(), predict.output());
        JsonNode row = JSON.readTree(predict.output().lines().filter(l -> l.startsWith("{\"image\": "))
                .findFirst().orElseThrow(() -> new AssertionError(predict.output())));
        double p = row.get("Male").asDouble(-1);
        assertTrue(p >= 0 && p <= 1, row.toString());

        List<EpochRecord> epochs = store().epochs(id);
        observed("worker loss: epoch seconds %s (epoch 2 disturbed), epochs rows %d",
                epochs.stream().map(e -> String.format(Locale.ROOT, "%.1f", e.epochSeconds())).toList(), epochs.size());
    }

    // --- the runs ---

    private static String[] trainArgs(String id) {
        return new String[]{"--data", DATA.toString(), "--metrics", metrics(), "--output", runs(), "--run-id", id,
                "--schedule", "batch-growth", "--epochs", Integer.toString(EPOCHS), "--set", "train.workers=2",
                "--set", "train.batch-per-worker=16", "--set", "train.architecture=compact",
                "--master", masterUrl()};
    }

    /** An uninterrupted run with the same configuration and seed as the others. */
    private static String referenceRun() throws Exception {
        if (referenceRun == null) {
            Run reference = run("train.sh", trainArgs("reference"));
            assertEquals(0, reference.exit(), reference.output());
            referenceRun = "reference";
        }
        return referenceRun;
    }

    private static Predicate<String> trainingEpoch(String run, int epoch) {
        return d -> d.startsWith("train " + run + ": epoch " + epoch + "/") && d.contains(": train (");
    }

    /** Tiny images and few of them: an epoch is a few seconds, yet has several averaging rounds to strike in. */
    private static String[] preprocessArgs(Path output) {
        return new String[]{"--input", CELEBA.toString(), "--output", output.toString(), "--overwrite",
                "--set", "preprocess.image-size=32", "--set", "preprocess.tasks-per-shard=4", "--master", masterUrl()};
    }

    private static void assertFinishedWithOneRowPerEpoch(String id) {
        assertEquals(IntStream.rangeClosed(1, EPOCHS).boxed().toList(), epochNumbers(id), id);
        RunRecord run = store().run(id).orElseThrow();
        assertEquals(RunStatus.FINISHED, run.status(), id);
        assertEquals(EPOCHS, run.finalEpoch(), id);
        assertTrue(run.testLoss() != null && Double.isFinite(run.testLoss()), id);
        List<EventRecord> events = store().events(id);
        assertEquals(1, events.stream().filter(e -> e.kind().equals("BUDGET_SPENT")).count(), events.toString());
    }

    private static List<Integer> epochNumbers(String id) {
        return store().epochs(id).stream().map(EpochRecord::epoch).toList();
    }

    private static MetricsStore store() {
        return MetricsStore.open(spark(), metrics());
    }

    private static MultiLayerNetwork network(String run, String model) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(WORK.resolve("runs").resolve(run).resolve(model).toFile(), false);
    }

    private static ObjectNode manifestWithoutCreationTime(Path data) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(data.resolve("manifest.json").toFile());
        manifest.remove("created_at");
        return manifest;
    }

    // --- the processes ---

    /** A submitted command's driver: its pid file and its REST API on a port of its own. */
    private static final class Driver {
        private final Path pidFile;
        private final int uiPort;
        private final Map<String, String> env;

        Driver(String name) throws IOException {
            this(name, "");
        }

        /** @param submitOptions more spark-submit options ({@code CELEBA_SUBMIT_OPTS}) */
        Driver(String name, String submitOptions) throws IOException {
            pidFile = WORK.resolve(name + ".driver.pid");
            Files.deleteIfExists(pidFile);
            uiPort = LocalCluster.freePort();
            env = new HashMap<>(ENV);
            env.put("CELEBA_DRIVER_PID_FILE", pidFile.toString());
            env.put("CELEBA_SUBMIT_OPTS", "--conf spark.ui.port=" + uiPort + " " + submitOptions);
        }

        Running start(String script, String... args) throws IOException {
            return SubmitScript.start(WORK, env, script, args);
        }

        long pid() throws IOException {
            return pidFromFile(pidFile);
        }

        /**
         * Polls the driver until a job whose description matches runs tasks, and returns the application id;
         * fails when the command ends first or after the timeout.
         */
        String awaitRunningJob(Running command, Predicate<String> description) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!command.process().isAlive()) {
                    throw new AssertionError(command.name() + " ended before the job to strike in: "
                            + command.output());
                }
                Optional<String> app = restJson("applications").map(apps -> apps.path(0).path("id").asText(""))
                        .filter(id -> !id.isEmpty());
                if (app.isPresent()) {
                    Optional<JsonNode> jobs = restJson("applications/" + app.get() + "/jobs?status=running");
                    for (JsonNode job : jobs.orElse(JSON.createArrayNode())) {
                        if (description.test(job.path("description").asText("")) && job.path("numActiveTasks").asInt() > 0) {
                            return app.get();
                        }
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError(command.name() + ": no such job running after " + TIMEOUT + ": " + command.output());
        }

        /** The driver's REST API; empty while the driver is not up yet. */
        private Optional<JsonNode> restJson(String path) {
            try {
                return Optional.of(JSON.readTree(URI.create("http://127.0.0.1:" + uiPort + "/api/v1/" + path).toURL()));
            } catch (IOException notYet) {
                return Optional.empty();
            }
        }
    }

    /** The pid in the {@code executor.pid} that the executor of {@code app} on {@code worker} wrote. */
    private static long executorPid(String worker, String app) throws IOException {
        Path appDir = SCRATCH.resolve("cluster").resolve(worker).resolve(app);
        try (Stream<Path> dirs = Files.list(appDir)) {
            List<Path> pidFiles = dirs.map(d -> d.resolve("executor.pid")).filter(Files::exists)
                    .sorted(Comparator.comparing(Path::toString)).toList();
            assertFalse(pidFiles.isEmpty(), "no executor.pid under " + appDir);
            return pidFromFile(pidFiles.get(pidFiles.size() - 1));
        }
    }

    // --- plumbing ---

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, ENV, TIMEOUT, script, args);
    }

    private static String masterUrl() {
        return LocalCluster.masterUrl(ENV);
    }

    private static String metrics() {
        return WORK.resolve("metrics").toString();
    }

    private static String runs() {
        return WORK.resolve("runs").toString();
    }

    private static void observed(String format, Object... args) {
        System.out.println("[cluster-faults] " + String.format(Locale.ROOT, format, args));
    }
}
