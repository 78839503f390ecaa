package io.celebaspark.e2e;

import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.testing.LocalCluster;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import io.celebaspark.testing.SubmitScript.Running;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.celebaspark.testing.LocalCluster.kill;
import static io.celebaspark.testing.LocalCluster.pidFromFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch growth realised as scale-out on a real standalone cluster ({@code submit/local-cluster.sh}): one worker
 * that offers 4 cores (more than the machine has: this tests the mechanics, not speed) and 1-core executors,
 * dynamic allocation off. First the spike ({@link ExecutorSpike}: explicit executor requests from the project's
 * own session, 2 then 4 executors, a job on all of them); a training run whose fixed step grows the workers
 * from 2 to 4 (the driver requests the executors between the epochs, and the tables show it), its driver killed
 * after the growth and the run resumed (the resume requests the 4 executors again before its first epoch); and the
 * same growth in {@code cluster.scale-out.mode = dynamic}, where Spark's own allocator provides the executors.
 * One cluster and one preprocessed data set serve every case.
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
        Path celeba = WORK.resolve("celeba");
        Run synth = run("synth.sh", "--output", celeba.toString(), "--count", "240");
        assertEquals(0, synth.exit(), synth.output());
        Run preprocess = run("preprocess.sh", "--input", celeba.toString(), "--output", data(), "--overwrite",
                "--set", "preprocess.image-size=32", "--master", LocalCluster.masterUrl(ENV));
        assertEquals(0, preprocess.exit(), preprocess.output());
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

    /**
     * A 3-epoch run whose step at epoch 1 grows W from 2 to 4, its driver killed ({@code kill -9}, by the pid file
     * train.sh writes) once epoch 2 is recorded, so in epoch 3; the resume requests the checkpoint's 4 workers'
     * executors before its first epoch and finishes the run.
     */
    @Test
    void aScaleOutGrowthTrainsOnTwiceTheExecutorsAndAResumedRunRequestsThemAgain() throws Exception {
        String id = "scale-out";
        Path pidFile = WORK.resolve(id + ".driver.pid");
        Files.deleteIfExists(pidFile);
        Map<String, String> env = new HashMap<>(ENV);
        env.put("CELEBA_SUBMIT_OPTS", EXECUTORS);
        env.put("CELEBA_DRIVER_PID_FILE", pidFile.toString());
        // the wait for executors is bounded only to fail a broken cluster: the assertions want all 4
        Running train = SubmitScript.start(WORK, env, "train.sh", scaleOutRun(id, "explicit", 3, "--set",
                "cluster.scale-out.ready-timeout-seconds=" + TIMEOUT.toSeconds()));
        awaitOutput(train, "epoch 2/3  B 64 (16 x 4)");
        kill(pidFromFile(pidFile), "org.apache.spark.deploy.SparkSubmit");
        String killed = train.await(TIMEOUT).output();
        printScaling(killed);
        assertTrue(killed.contains("epoch 2: 2 -> 4 executors for 4 workers: 4 ready after"), killed);
        MetricsStore store = MetricsStore.open(spark(), metrics());
        assertEquals(RunStatus.RUNNING, store.run(id).orElseThrow().status(), "the killed driver left the run running");
        assertEquals(List.of(1, 2), store.epochs(id).stream().map(EpochRecord::epoch).toList(), "killed in epoch 3");

        Run resumed = SubmitScript.run(WORK, env, TIMEOUT, "train.sh", "--data", data(), "--metrics", metrics(),
                "--output", runs(), "--resume", id, "--master", LocalCluster.masterUrl(ENV));
        assertEquals(0, resumed.exit(), resumed.output());
        printScaling(resumed.output());
        assertTrue(resumed.output().contains("resumed after epoch 2"), resumed.output());
        assertTrue(Pattern.compile("epoch 3: \\d -> 4 executors for 4 workers: 4 ready after").matcher(resumed.output())
                .find(), resumed.output());
        assertTrue(resumed.output().contains("run " + id + " FINISHED after epoch 3"), resumed.output());

        assertEquals(RunStatus.FINISHED, store.run(id).orElseThrow().status());
        List<EpochRecord> epochs = store.epochs(id);
        assertEquals(List.of(1, 2, 3), epochs.stream().map(EpochRecord::epoch).toList(), "one row per epoch");
        assertEquals(List.of(2, 4, 4), epochs.stream().map(EpochRecord::workers).toList());
        assertEquals(List.of(16, 16, 16), epochs.stream().map(EpochRecord::batchPerWorker).toList());
        assertEquals(List.of(32L, 64L, 64L), epochs.stream().map(EpochRecord::globalBatch).toList());
        assertEveryImageTrainedOncePerEpoch(epochs);
        List<EventRecord> events = store.events(id);
        EventRecord grown = events.stream().filter(e -> e.kind().equals("BATCH_GROWN")).findFirst().orElseThrow();
        assertTrue(grown.reason().contains("workers 2 -> 4"), grown.reason());
        assertEquals(2.0, event(events, "EXECUTORS_REQUESTED", 2).oldValue());
        assertEquals(4.0, event(events, "EXECUTORS_REQUESTED", 2).newValue());
        assertEquals(4.0, event(events, "EXECUTORS_READY", 2).oldValue(), "4 executors registered");
        assertTrue(event(events, "EXECUTORS_READY", 2).newValue() > 0, "latency");
        assertEquals(2.0, event(events, "RESUMED", 2).oldValue());
        // the resumed driver's first request: 4 executors for the checkpoint's 4 workers, all running tasks
        assertEquals(4.0, event(events, "EXECUTORS_REQUESTED", 3).newValue());
        assertEquals(4.0, event(events, "EXECUTORS_READY", 3).oldValue(), "4 executors registered after the resume");
        System.out.println("[scale-out] epoch seconds " + epochs.stream().map(EpochRecord::epochSeconds).toList()
                + ", cost " + epochs.stream().map(EpochRecord::cost).toList());
        // what the cluster billed: 1-core executors, 4 of them from epoch 2 on (the cost meter, docs/training.md),
        // in the resumed epoch too
        assertEquals(List.of(4, 4), epochs.subList(1, 3).stream().map(e -> e.cost().executorsMax()).toList(),
                epochs.toString());
        assertCostsMetered(epochs);
    }

    /**
     * {@code cluster.scale-out.mode = dynamic}: the driver makes no executor requests and Spark's dynamic allocation
     * (shuffle tracking on, its 3.5 default) follows the task backlog. How many executors it holds, and when, is
     * Spark's business and depends on timing, so this asserts what must hold whatever Spark did (every image
     * trained once per epoch at W = 2 then 4, the run finished, each epoch's executors metered) and prints the
     * executors each epoch held.
     */
    @Test
    void inDynamicModeSparksAllocatorProvidesTheExecutorsAndEveryImageIsTrainedOncePerEpoch() throws Exception {
        String id = "scale-out-dynamic";
        Map<String, String> env = new HashMap<>(ENV);
        env.put("CELEBA_SUBMIT_OPTS", EXECUTORS + " --conf spark.dynamicAllocation.enabled=true");
        Run train = SubmitScript.run(WORK, env, TIMEOUT, "train.sh", scaleOutRun(id, "dynamic", 2));
        assertEquals(0, train.exit(), train.output());
        assertTrue(train.output().contains("run " + id + " FINISHED after epoch 2"), train.output());

        MetricsStore store = MetricsStore.open(spark(), metrics());
        List<EpochRecord> epochs = store.epochs(id);
        assertEquals(List.of(2, 4), epochs.stream().map(EpochRecord::workers).toList());
        assertEquals(List.of(32L, 64L), epochs.stream().map(EpochRecord::globalBatch).toList());
        assertEveryImageTrainedOncePerEpoch(epochs);
        List<EventRecord> events = store.events(id);
        assertTrue(events.stream().noneMatch(e -> e.kind().startsWith("EXECUTORS_")),
                "dynamic mode makes no executor requests: " + events);
        assertCostsMetered(epochs);
        for (EpochRecord e : epochs) {
            System.out.printf(Locale.ROOT, "[scale-out] dynamic epoch %d: W %d, executors max %d mean %.2f, %s,"
                            + " held %.0f / busy %.0f core-s, %.1f s%n", e.epoch(), e.workers(), e.cost().executorsMax(),
                    e.cost().executorsMean(), e.cost().rounds(), e.cost().heldCoreSeconds(),
                    e.cost().busyCoreSeconds(), e.epochSeconds());
        }
        events.stream().filter(e -> e.kind().startsWith("EXECUTOR_"))
                .forEach(e -> System.out.println("[scale-out] dynamic epoch " + e.epoch() + ": " + e.kind() + " "
                        + e.oldValue() + " -> " + e.newValue() + " (" + e.reason() + ")"));
    }

    /** train.sh's arguments for a fixed-steps run whose step at epoch 1 grows W from 2 to 4 at 16 per worker. */
    private static String[] scaleOutRun(String id, String mode, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data(), "--metrics", metrics(), "--output", runs(),
                "--run-id", id, "--schedule", "fixed-steps", "--epochs", Integer.toString(epochs), "--set", "schedule.steps=[1]",
                "--set", "schedule.step-action=batch-growth", "--set", "schedule.batch-growth.realise=scale-out",
                "--set", "cluster.scale-out.mode=" + mode, "--set", "train.workers=2",
                "--set", "train.batch-per-worker=16", "--master", LocalCluster.masterUrl(ENV)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The cumulative examples grow by the training images (the first epoch's count) every epoch. */
    private static void assertEveryImageTrainedOncePerEpoch(List<EpochRecord> epochs) {
        long trainImages = epochs.get(0).examplesSeen();
        assertEquals(LongStream.rangeClosed(1, epochs.size()).map(e -> e * trainImages).boxed().toList(),
                epochs.stream().map(EpochRecord::examplesSeen).toList(), "every image trained once in each epoch");
    }

    private static void assertCostsMetered(List<EpochRecord> epochs) {
        for (EpochRecord e : epochs) {
            assertTrue(e.cost() != null && e.cost().executorsMax() >= 1 && e.cost().executorsMax() <= 4, e.toString());
            assertTrue(e.cost().busyCoreSeconds() > 0 && e.cost().busyCoreSeconds() <= e.cost().heldCoreSeconds(),
                    e.cost().toString());
            assertTrue(e.cost().rounds() != null && e.cost().rounds().rounds() > 0, e.cost().toString());
        }
    }

    private static EventRecord event(List<EventRecord> events, String kind, int epoch) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.epoch() == epoch).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in epoch " + epoch + ": " + events));
    }

    /** Waits until {@code command} has printed {@code text}; fails when it ends first or after the timeout. */
    private static void awaitOutput(Running command, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!command.output().contains(text)) {
            if (!command.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(command.name() + " did not print '" + text + "': " + command.output());
            }
            Thread.sleep(100);
        }
    }

    private static void printScaling(String output) {
        output.lines().filter(l -> l.contains("executors for")).forEach(l -> System.out.println("[scale-out] " + l));
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

    private static String runs() {
        return WORK.resolve("runs").toString();
    }

    private static String data() {
        return WORK.resolve("data").toString();
    }

    private static Run run(String script, String... args) throws IOException, InterruptedException {
        return SubmitScript.run(WORK, ENV, TIMEOUT, script, args);
    }
}
