package io.celebaspark.e2e;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch growth realised as scale-out on a real standalone cluster ({@code submit/local-cluster.sh}): one worker
 * that offers 4 cores (more than the machine has: this tests the mechanics, not speed) and 1-core executors,
 * dynamic allocation off. First the spike ({@link ExecutorSpike}: explicit executor requests from the project's
 * own session, 2 then 4 executors, a job on all of them), then a training run whose fixed step grows the workers
 * from 2 to 4: the driver requests the executors between the epochs, and the tables show it.
 */
@Tag("cluster")
class ScaleOutClusterIT extends SharedSparkSession {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/scale-out");
    private static final Path SCRATCH = WORK.resolve("scratch");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final String EXECUTORS = "--conf spark.executor.cores=1 --conf spark.executor.memory=1g";
    private static final Map<String, String> ENV = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        ENV.putAll(LocalCluster.environment(SCRATCH, "1536m"));
        run("local-cluster.sh", "stop");
        for (Path dir : List.of(SCRATCH.resolve("cluster/worker-1"), WORK.resolve("runs"), WORK.resolve("metrics"),
                WORK.resolve("celeba"), WORK.resolve("data"))) {
            LocalCluster.deleteRecursively(dir);
        }
        Run start = run("local-cluster.sh", "start", "--workers", "1", "--cores", "4", "--memory", "6g");
        assertEquals(0, start.exit(), start.output());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Run stop = run("local-cluster.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
    }

    @Test
    void theDriverAddsExecutorsOnRequestAndAJobRunsOnAllOfThem() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        command.addAll(Arrays.asList(Files.readString(SubmitScript.PROJECT.resolve("target/java17-opens.args"),
                StandardCharsets.UTF_8).trim().split("\\s+")));
        command.addAll(List.of("-Dspark.executor.cores=1", "-Dspark.executor.memory=1g", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.jars=" + appJar(),
                "-Dspark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=" + SCRATCH.resolve("javacpp-cache"),
                "-cp", System.getProperty("java.class.path"), ExecutorSpike.class.getName(),
                LocalCluster.masterUrl(ENV), ENV.get("CELEBA_MASTER_WEBUI_PORT"), "2", "4"));
        Map<String, String> env = new HashMap<>(ENV);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        Run spike = SubmitScript.runCommand(WORK, env, TIMEOUT, "spike", command);
        assertEquals(0, spike.exit(), spike.output());
        List<String> lines = spike.output().lines().filter(l -> l.startsWith("spike ")).toList();
        lines.forEach(l -> System.out.println("[scale-out] " + l));
        assertEquals(2, lines.size(), spike.output());
        // The master granted every core at registration; executors registering after the target was set are
        // killed as they come, so the master's count for 2 may still include some that are on their way.
        assertTrue(lines.get(0).matches("spike 2: before \\d, ready 2 after .* s, tasks on 2 executors,"
                + " master grants \\d cores"), lines.get(0));
        assertTrue(lines.get(1).matches("spike 4: before 2, ready 4 after .* s, tasks on 4 executors,"
                + " master grants 4 cores"), lines.get(1));
    }

    @Test
    void aScaleOutGrowthTrainsOnTwiceTheExecutorsAtTheSameBatchPerWorker() throws Exception {
        Path celeba = WORK.resolve("celeba");
        Path data = WORK.resolve("data");
        Run synth = run("synth.sh", "--output", celeba.toString(), "--count", "240");
        assertEquals(0, synth.exit(), synth.output());
        Run preprocess = run("preprocess.sh", "--input", celeba.toString(), "--output", data.toString(), "--overwrite",
                "--set", "preprocess.image-size=32", "--master", LocalCluster.masterUrl(ENV));
        assertEquals(0, preprocess.exit(), preprocess.output());

        String id = "scale-out";
        Map<String, String> env = new HashMap<>(ENV);
        env.put("CELEBA_SUBMIT_OPTS", EXECUTORS);
        Run train = SubmitScript.run(WORK, env, TIMEOUT, "train.sh", "--data", data.toString(), "--metrics", metrics(),
                "--output", WORK.resolve("runs").toString(), "--run-id", id, "--schedule", "fixed-steps",
                "--epochs", "2", "--set", "schedule.steps=[1]", "--set", "schedule.step-action=batch-growth",
                "--set", "schedule.batch-growth.realise=scale-out", "--set", "train.workers=2",
                "--set", "train.batch-per-worker=16", "--master", LocalCluster.masterUrl(ENV));
        assertEquals(0, train.exit(), train.output());
        train.output().lines().filter(l -> l.contains("executors for")).forEach(l -> System.out.println("[scale-out] " + l));
        assertTrue(train.output().contains("epoch 2: 2 -> 4 executors for 4 workers: 4 ready after"),
                train.output());
        assertTrue(train.output().contains("epoch 2/2  B 64 (16 x 4)"), train.output());

        MetricsStore store = MetricsStore.open(spark(), metrics());
        List<EpochRecord> epochs = store.epochs(id);
        assertEquals(List.of(2, 4), epochs.stream().map(EpochRecord::workers).toList());
        assertEquals(List.of(16, 16), epochs.stream().map(EpochRecord::batchPerWorker).toList());
        assertEquals(List.of(32L, 64L), epochs.stream().map(EpochRecord::globalBatch).toList());
        long trainImages = epochs.get(0).examplesSeen();
        assertEquals(2 * trainImages, epochs.get(1).examplesSeen(), "every image trained once in each epoch");
        List<EventRecord> events = store.events(id);
        EventRecord grown = events.stream().filter(e -> e.kind().equals("BATCH_GROWN")).findFirst().orElseThrow();
        assertTrue(grown.reason().contains("workers 2 -> 4"), grown.reason());
        EventRecord requested = events.stream().filter(e -> e.kind().equals("EXECUTORS_REQUESTED") && e.epoch() == 2)
                .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals(2.0, requested.oldValue());
        assertEquals(4.0, requested.newValue());
        EventRecord ready = events.stream().filter(e -> e.kind().equals("EXECUTORS_READY") && e.epoch() == 2)
                .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals(4.0, ready.oldValue(), "4 executors registered");
        assertTrue(ready.newValue() > 0, "latency " + ready.newValue());
        System.out.println("[scale-out] epoch seconds " + epochs.stream().map(EpochRecord::epochSeconds).toList()
                + ", cost " + epochs.stream().map(EpochRecord::cost).toList());
        // what the cluster billed: 1-core executors, 4 of them through epoch 2 (the cost meter, docs/training.md)
        assertEquals(4, epochs.get(1).cost().executorsMax(), epochs.get(1).cost().toString());
        for (EpochRecord e : epochs) {
            assertTrue(e.cost().executorsMax() >= 2, e.cost().toString());
            assertTrue(e.cost().busyCoreSeconds() > 0 && e.cost().busyCoreSeconds() <= e.cost().heldCoreSeconds(),
                    e.cost().toString());
        }
    }

    private static String appJar() throws IOException {
        try (Stream<Path> files = Files.list(SubmitScript.PROJECT.resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-app.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no application jar in target/: run mvn package")).toString();
        }
    }

    private static String metrics() {
        return WORK.resolve("metrics").toString();
    }

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, ENV, TIMEOUT, script, args);
    }
}
