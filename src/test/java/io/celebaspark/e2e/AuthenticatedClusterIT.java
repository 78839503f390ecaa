package io.celebaspark.e2e;

import io.celebaspark.testing.LocalCluster;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone cluster from {@code submit/local-cluster.sh} with {@code CELEBA_SPARK_SECRET} set
 * (spark.authenticate): a preprocess and a training run submitted with the same secret run on it, a
 * preprocess submitted without it is refused with a message that says what to do, and the secret is on no
 * command line (the daemons', the executors' launch commands) and in no log or output file (the data folder,
 * the run's folder with its run.json, the metrics tables with the runs.config column).
 */
@Tag("e2e")
class AuthenticatedClusterIT {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it/authenticated-cluster");
    private static final Path SCRATCH = WORK.resolve("scratch");
    private static final String SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private static final Map<String, String> ENV = new HashMap<>();

    private static Run run(Map<String, String> env, String script, String... args) throws Exception {
        return SubmitScript.run(WORK, env, Duration.ofMinutes(8), script, args);
    }

    private static String masterUrl() {
        return LocalCluster.masterUrl(ENV);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        ENV.putAll(LocalCluster.environment(SCRATCH, "1g"));
        ENV.put("CELEBA_SPARK_SECRET", SECRET);
        run(ENV, "local-cluster.sh", "stop");
        Run start = run(ENV, "local-cluster.sh", "start", "--workers", "1", "--cores", "2", "--memory", "2g");
        assertEquals(0, start.exit(), start.output());
        assertTrue(start.output().contains("authentication on (CELEBA_SPARK_SECRET)"), start.output());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Run stop = run(ENV, "local-cluster.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
    }

    @Test
    void aSubmissionWithTheSecretRunsOneWithoutIsRefusedAndTheSecretIsNowhere() throws Exception {
        for (Path pidFile : List.of(SCRATCH.resolve("cluster/pids/master.pid"), SCRATCH.resolve("cluster/pids/worker-1.pid"))) {
            String pid = Files.readString(pidFile).strip();
            String commandLine = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            assertTrue(commandLine.contains("-Dspark.authenticate=true"), commandLine);
            assertFalse(commandLine.contains(SECRET), "the secret is on the command line of " + pidFile);
        }
        Path celeba = WORK.resolve("celeba");
        Path data = WORK.resolve("data");
        LocalCluster.deleteRecursively(celeba); // synth refuses an existing folder: a rerun starts afresh
        Run synth = run(ENV, "synth.sh", "--output", celeba.toString(), "--count", "200");
        assertEquals(0, synth.exit(), synth.output());
        Run with = run(ENV, "preprocess.sh", "--input", celeba.toString(), "--output", data.toString(), "--overwrite",
                "--set", "preprocess.image-size=32", "--master", masterUrl());
        assertEquals(0, with.exit(), with.output());
        assertFalse(with.output().contains(SECRET), with.output());
        // Fresh folders per launch (the secret is new each time), so a run id left by an earlier launch is no clash.
        Path metrics = WORK.resolve("metrics-" + SECRET.substring(0, 8));
        Path runs = WORK.resolve("runs-" + SECRET.substring(0, 8));
        Run train = run(ENV, "train.sh", "--data", data.toString(), "--metrics", metrics.toString(), "--output",
                runs.toString(), "--run-id", "authenticated", "--set", "train.epochs=1", "--set",
                "train.batch-per-worker=8", "--master", masterUrl());
        assertEquals(0, train.exit(), train.output());
        assertTrue(train.output().contains("run authenticated FINISHED"), train.output());
        assertFalse(train.output().contains(SECRET), train.output());

        Map<String, String> noSecret = new HashMap<>(ENV);
        noSecret.remove("CELEBA_SPARK_SECRET");
        Run without = run(noSecret, "preprocess.sh", "--input", celeba.toString(), "--output",
                WORK.resolve("data-refused").toString(), "--overwrite", "--set", "preprocess.image-size=32",
                "--master", masterUrl());
        assertNotEquals(0, without.exit(), without.output());
        assertEquals("preprocess failed: the Spark master at " + masterUrl() + " did not register this application."
                + " If the cluster runs with spark.authenticate, set CELEBA_SPARK_SECRET to the cluster's secret"
                + " (docs/cluster.md); otherwise check that the master is up (submit/local-cluster.sh status)",
                without.lastLine(), without.output());

        List<Path> written;
        try (Stream<Path> files = Stream.of(SCRATCH.resolve("cluster"), data, metrics, runs).flatMap(dir -> {
            try {
                return Files.walk(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            written = files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/pids/"))
                    .filter(f -> !f.toString().contains("/spark-home/")).toList();
        }
        assertTrue(written.stream().anyMatch(f -> f.getFileName().toString().equals("stderr")), "an executor log");
        assertTrue(written.stream().anyMatch(f -> f.getFileName().toString().equals("run.json")), "the run's run.json");
        assertTrue(written.stream().anyMatch(f -> f.toString().contains("/runs/") && f.toString().endsWith(".parquet")),
                "the runs table");
        for (Path file : written) {
            if (Files.size(file) < 50_000_000) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(SECRET),
                        "the secret is in " + file);
            }
        }
    }
}
