package io.celebaspark.cli;

import io.celebaspark.experiment.ExperimentFile;
import io.celebaspark.experiment.ExperimentPlan;
import io.celebaspark.experiment.ExperimentSpec;
import io.celebaspark.experiment.PlannedRun;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.testing.MetricsFixtures;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.train.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code experiment} command through {@link Main#run}, against small generated metrics tables and run
 * folders that put each planned run in another state, so nothing trains: a FINISHED run is skipped, a
 * FAILED one with a folder is resumed, one recorded with another configuration or without a folder is refused.
 */
class ExperimentCommandTest extends SharedSparkSession {
    @TempDir
    static Path dir;
    private static Path file;
    private static String metrics;
    private static String runs;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void recordSomeRuns() throws IOException {
        file = Files.writeString(dir.resolve("g.conf"), """
                experiment {
                  settings { schedule.patience = 1 }
                  arms = [{ name = a }]
                  grid { train.seed = [1, 3, 5, 2, 4] }
                }""");
        metrics = dir.resolve("metrics").toString();
        runs = dir.resolve("runs").toString();
        List<PlannedRun> planned = ExperimentPlan.expand(ExperimentSpec.load(ExperimentFile.resolve(file.toString(),
                Path.of(""))), null, Map.of(), 0).runs();
        MetricsStore store = MetricsStore.open(spark(), metrics);
        store.saveRun(MetricsFixtures.run("g-a-s1", "lr-decay", RunStatus.FINISHED, planned.get(0).config().resolvedJson()));
        store.saveRun(MetricsFixtures.run("g-a-s3", "lr-decay", RunStatus.FINISHED,
                planned.get(1).config().resolvedJson().replace("\"patience\":1", "\"patience\":2")));
        store.saveRun(MetricsFixtures.run("g-a-s5", "lr-decay", RunStatus.RUNNING, planned.get(2).config().resolvedJson()));
        RunDirectory.create(runs, new RunDirectory.RunRecordFile("g-a-s2", planned.get(3).config().resolvedJson(),
                "data", metrics, "test", "f".repeat(64), Instant.now()), spark().sparkContext().hadoopConfiguration());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String lastErrLine() {
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void aDryRunSaysWhatEachRunWouldDo() {
        assertEquals(Main.OK, run("experiment", "--data", "no-data-needed", "--metrics", metrics, "--output", runs,
                "--dry-run", file.toString()), err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("experiment: g (" + file + "): 5 runs (a 5)", lines.get(0));
        assertEquals(List.of(
                "experiment: run 1/5 g-a-s1 (arm a, seed 1): would skip (FINISHED)",
                "experiment: run 2/5 g-a-s3 (arm a, seed 3): would refuse: it ran with another configuration than the"
                        + " experiment now gives it: schedule.patience 2 -> 1 (recorded -> planned); the experiment file,"
                        + " --config or --set changed since. Restore them, or save the changed experiment under a new name",
                "experiment: run 3/5 g-a-s5 (arm a, seed 5): would refuse: the runs table has it RUNNING but RUNS_DIR"
                        + " holds no folder of it to resume from: is --output the RUNS_DIR the experiment ran with?",
                "experiment: run 4/5 g-a-s2 (arm a, seed 2): would start again (its folder holds no checkpoint)",
                "experiment: run 5/5 g-a-s4 (arm a, seed 4): would start"), lines.subList(1, lines.size()));
    }

    @Test
    void aSliceRunsEveryNthRunOfThePlan() {
        assertEquals(Main.OK, run("experiment", "--data", "no-data-needed", "--metrics", metrics, "--output", runs,
                "--dry-run", "--slice", "2/2", file.toString()), err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("experiment: g (" + file + "): 5 runs (a 5)",
                "experiment: slice 2/2: 2 runs (a 2)",
                "experiment: run 1/2 g-a-s3 (arm a, seed 3): would refuse: it ran with another configuration than the"
                        + " experiment now gives it: schedule.patience 2 -> 1 (recorded -> planned); the experiment file,"
                        + " --config or --set changed since. Restore them, or save the changed experiment under a new name",
                "experiment: run 2/2 g-a-s2 (arm a, seed 2): would start again (its folder holds no checkpoint)"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(Main.FAILURE, run("experiment", "--data", "no-data-needed", "--metrics", metrics, "--output", runs,
                "--slice", "2/4", file.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("experiment: g slice 2/4: 1 runs: 0 finished now,"
                + " 0 skipped (finished before), 0 failed, 1 refused"), out.toString(StandardCharsets.UTF_8));
        assertTrue(lastErrLine().startsWith("experiment failed: 1 of 1 runs did not finish: g-a-s3 (REFUSED"),
                lastErrLine());
        assertTrue(lastErrLine().endsWith("launch the same command (same --slice) again to resume failed runs (refused"
                + " ones need their reason fixed first)"), lastErrLine());
    }

    @Test
    void refusedRunsMakeTheLaunchFailNamingThem() {
        assertEquals(Main.FAILURE, run("experiment", "--data", "no-data-needed", "--metrics", metrics, "--output", runs,
                "--seeds", "3", file.toString()));
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("experiment: g: 3 runs: 0 finished now, 1 skipped (finished before), 0 failed,"
                + " 2 refused"), stdout);
        assertTrue(lastErrLine().startsWith("experiment failed: 2 of 3 runs did not finish: g-a-s3 (REFUSED: it ran"
                + " with another configuration"), lastErrLine());
        assertTrue(lastErrLine().contains("g-a-s5 (REFUSED: the runs table has it RUNNING"), lastErrLine());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r", "no-such-one"));
        assertTrue(lastErrLine().contains("named experiments: noise-vs-smith, quick, seed-replication, smith-vs-lr"), lastErrLine());
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r", "--seeds", "0",
                "quick"));
        assertEquals("experiment: --seeds needs at least 1", lastErrLine());
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r", "--set",
                "schedule.alpha=3", "quick"));
        assertTrue(lastErrLine().startsWith("experiment: --set schedule.alpha: experiment quick sets this key per run"),
                lastErrLine());
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r", "--slice", "3/2",
                "quick"));
        assertTrue(lastErrLine().startsWith("experiment: --slice 3/2: needs 1 <= i <= n in i/n"), lastErrLine());
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r", "--slice", "9/9",
                "quick"));
        assertEquals("experiment: --slice 9/9: the plan has only 4 runs, so some of 9 slices would be empty; cut it"
                + " into at most 4", lastErrLine());
        assertEquals(Main.USAGE, run("experiment", "--data", "d", "--metrics", "m", "--output", "r"));
        assertTrue(lastErrLine().startsWith("experiment: name one experiment (a file, or one of "), lastErrLine());
    }
}
