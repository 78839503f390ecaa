package io.celebaspark.experiment;

import io.celebaspark.config.ConfigurationException;
import io.celebaspark.train.RunIds;
import io.celebaspark.train.TrainSettings;
import io.celebaspark.train.control.NoiseSchedule;
import io.celebaspark.train.control.ScheduleKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentPlanTest {
    private static final Path PROJECT = Path.of(System.getProperty("celeba.project.dir", "."));

    @TempDir
    Path dir;

    private static ExperimentPlan plan(String text, Map<String, String> sets, int seeds) {
        return ExperimentPlan.expand(Experiments.spec("t", text), null, sets, seeds);
    }

    private static PlannedRun run(ExperimentPlan plan, String runId) {
        return plan.runs().stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new AssertionError("no run " + runId + " in " + plan.runs()));
    }

    @Test
    void everyArmCrossesItsGridSeedBySeed() {
        ExperimentPlan plan = plan(Experiments.SMITH, Map.of(), 0);
        // per seed: constant x 2 optimizers, three arms x 2 alphas x 2 optimizers
        assertEquals(3 * (2 + 3 * 4), plan.runs().size());
        assertEquals(List.of("t-constant-sgd-momentum-s1", "t-constant-adam-s1", "t-lr-decay-a2-sgd-momentum-s1",
                        "t-lr-decay-a2-adam-s1", "t-lr-decay-a5-sgd-momentum-s1"),
                plan.runs().subList(0, 5).stream().map(PlannedRun::runId).toList());
        assertEquals("t-hybrid-a5-adam-s3", plan.runs().get(plan.runs().size() - 1).runId());
        assertEquals(plan.runs().size(), new HashSet<>(plan.runs().stream().map(PlannedRun::runId).toList()).size());
        plan.runs().forEach(r -> RunIds.check(r.runId()));
        assertEquals("constant 6, lr-decay 12, batch-growth 12, hybrid 12", plan.runsPerArm());
    }

    @Test
    void eachRunCarriesItsTagsAndGridValues() {
        ExperimentPlan plan = plan(Experiments.SMITH, Map.of(), 0);
        TrainSettings hybrid = run(plan, "t-hybrid-a5-sgd-momentum-s2").config().train();
        assertEquals("t", hybrid.experiment());
        assertEquals("hybrid", hybrid.arm());
        assertEquals("schedule.alpha=5, train.optimizer=sgd-momentum", hybrid.gridPoint());
        assertEquals(5.0, hybrid.schedule().alpha());
        assertEquals(2L, hybrid.seed());
        assertEquals(ScheduleKind.BATCH_GROWTH, hybrid.schedule().kind());
        assertEquals(256, hybrid.schedule().maxGlobalBatch());
        TrainSettings constant = run(plan, "t-constant-adam-s3").config().train();
        assertEquals("train.optimizer=adam", constant.gridPoint());
        assertEquals(ScheduleKind.CONSTANT, constant.schedule().kind());
        assertTrue(constant.gridPoint().equals(run(plan, "t-constant-adam-s1").config().train().gridPoint()),
                "runs of a grid point differ by seed only");
    }

    @Test
    void layersApplySetOverGridOverArmOverExperimentOverConfigFile() throws IOException {
        String text = """
                experiment {
                  settings { train.epochs = 30, schedule.patience = 2, schedule.alpha = 7 }
                  arms = [
                    { name = slow, settings { schedule.patience = 5 } }
                    { name = flat, settings { schedule.kind = constant }, exclude-grid = [schedule.alpha] }
                  ]
                  grid { train.seed = [1], schedule.alpha = [3] }
                }""";
        Path file = Files.writeString(dir.resolve("user.conf"),
                "train { epochs = 9, batch-per-worker = 16, dropout = 0.1 }\nschedule.patience = 9\n");
        ExperimentPlan plan = ExperimentPlan.expand(Experiments.spec("t", text), file, Map.of("train.dropout", "0.2"), 0);
        TrainSettings slow = run(plan, "t-slow-a3-s1").config().train();
        assertEquals(3.0, slow.schedule().alpha(), "grid over experiment settings");
        assertEquals(5, slow.schedule().plateau().patience(), "arm over experiment settings and --config");
        assertEquals(30, slow.schedule().epochBudget(), "experiment settings over --config");
        assertEquals(16, slow.batchPerWorker(), "--config over reference.conf");
        assertEquals(0.2, slow.dropout(), "--set over everything");
        TrainSettings flat = run(plan, "t-flat-s1").config().train();
        assertEquals(7.0, flat.schedule().alpha(), "an excluded key keeps the settings' value");
        assertEquals(2, flat.schedule().plateau().patience());
        assertEquals("", flat.gridPoint());
    }

    @Test
    void aGridValuesSettingsGoWithIt() {
        ExperimentPlan plan = plan("""
                experiment {
                  arms = [{ name = a }]
                  grid { train.seed = [4], train.optimizer = [{ value = sgd-momentum, settings { train.learning-rate = 0.05 } }, adam] }
                }""", Map.of(), 0);
        assertEquals(0.05, run(plan, "t-a-sgd-momentum-s4").config().train().learningRate());
        assertEquals(1e-3, run(plan, "t-a-adam-s4").config().train().learningRate());
        assertEquals("train.optimizer=sgd-momentum", run(plan, "t-a-sgd-momentum-s4").config().train().gridPoint());
    }

    @Test
    void seedsKeepsTheFirstSeedsOfTheGrid() {
        ExperimentPlan plan = plan(Experiments.SMITH, Map.of(), 1);
        assertEquals(14, plan.runs().size());
        assertTrue(plan.runs().stream().allMatch(r -> r.seed() == 1L));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> plan(Experiments.SMITH, Map.of(), 4));
        assertTrue(e.getMessage().contains("--seeds 4: experiment t lists 3 seeds"), e.getMessage());
    }

    @Test
    void setMayNotOverrideWhatTheExperimentVaries() {
        for (String key : List.of("schedule.alpha", "schedule.kind", "train.experiment")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> plan(Experiments.SMITH, Map.of(key, "3"), 0));
            assertTrue(e.getMessage().startsWith("--set " + key + ": experiment t sets this key per run"), e.getMessage());
        }
        assertEquals(2, run(plan(Experiments.SMITH, Map.of("train.epochs", "2"), 0), "t-constant-adam-s1").config()
                .train().schedule().epochBudget());
    }

    @Test
    void anInvalidValueNamesTheFileArmRunAndKeyBeforeAnythingRuns() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> plan("""
                experiment {
                  arms = [{ name = ok }, { name = bad, settings { schedule.min-delta = -1 } }]
                  grid { train.seed = [1, 2] }
                }""", Map.of(), 0));
        assertTrue(e.getMessage().startsWith("experiment file t.conf, arm bad, run t-bad-s1: schedule.min-delta = -1.0 is"
                + " invalid (from t.conf: 2)"), e.getMessage());
    }

    @Test
    void aScaleOutArmIsRefusedSideBySideNamingTheArmTheKeyAndWhatToDo() {
        ExperimentPlan plan = plan("""
                experiment {
                  settings { train.workers = 2 }
                  arms = [
                    { name = up, settings { schedule.kind = batch-growth } }
                    { name = out, settings { schedule.kind = batch-growth, schedule.batch-growth.realise = scale-out } }
                    { name = never-grows, settings { schedule.kind = lr-decay, schedule.batch-growth.realise = scale-out } }
                  ]
                  grid { train.seed = [1, 2] }
                }""", Map.of(), 0);
        plan.checkParallel(1);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> plan.checkParallel(2));
        assertEquals("--parallel 2: experiment t (t.conf) has arm out with schedule.batch-growth.realise = scale-out,"
                + " whose runs request and kill executors for the whole Spark application, taking them from the runs"
                + " beside them; run it with --parallel 1, or spread the grid over separate submissions with --slice"
                + " I/N", e.getMessage(), "lr-decay never grows the batch, so its arm never scales out");
        assertThrows(ConfigurationException.class, () -> new ExperimentRequest("d", "m", "r", plan, true, 2, List.of(),
                line -> { }), "refused before the job starts, dry run or not");

        ExperimentPlan withoutOut = plan.slice(GridSlice.parse("1/3"));
        assertEquals("up 2", withoutOut.runsPerArm());
        withoutOut.checkParallel(2);
    }

    @Test
    void runIdsThatWouldCollideAreRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> plan("""
                experiment {
                  arms = [{ name = b }, { name = b-adam, exclude-grid = [train.optimizer] }]
                  grid { train.seed = [1], train.optimizer = [adam] }
                }""", Map.of(), 0));
        assertTrue(e.getMessage().contains("would both be run t-b-adam-s1; rename one of the arms"), e.getMessage());
    }

    @Test
    void numbersAndListsReadWellInIdsAndGridPoints() {
        ExperimentPlan plan = plan("""
                experiment {
                  arms = [{ name = a }]
                  grid { train.seed = [1], train.learning-rate = [1e-3], train.labels = [[Male, Smiling]], train.flip = [false] }
                }""", Map.of(), 0);
        PlannedRun only = plan.runs().get(0);
        assertEquals("t-a-ffalse-Male_Smiling-lr0.001-s1", only.runId());
        assertEquals("train.flip=false, train.labels=[Male, Smiling], train.learning-rate=0.001", only.gridPoint());
    }

    @Test
    void theShippedExperimentsExpand() {
        ExperimentPlan quick = ExperimentPlan.expand(ExperimentSpec.load(ExperimentFile.resolve("quick", PROJECT)),
                null, Map.of(), 0);
        assertEquals(List.of("quick-lr-decay-a2-adam-s1", "quick-batch-growth-a2-adam-s1", "quick-lr-decay-a2-adam-s2",
                "quick-batch-growth-a2-adam-s2"), quick.runs().stream().map(PlannedRun::runId).toList());

        ExperimentPlan smith = ExperimentPlan.expand(ExperimentSpec.load(ExperimentFile.resolve("smith-vs-lr", PROJECT)),
                null, Map.of(), 0);
        assertEquals("constant 6, lr-decay 12, batch-growth 12, hybrid 12", smith.runsPerArm());
        assertTrue(smith.runs().stream().allMatch(r -> r.config().train().schedule().epochBudget() == 30));
        assertEquals(0.05, run(smith, "smith-vs-lr-hybrid-a5-sgd-momentum-s3").config().train().learningRate());
        assertEquals(1e-3, run(smith, "smith-vs-lr-hybrid-a5-adam-s3").config().train().learningRate());

        ExperimentPlan replication = ExperimentPlan.expand(
                ExperimentSpec.load(ExperimentFile.resolve("seed-replication", PROJECT)), null, Map.of(), 0);
        assertEquals("lr-decay 3, batch-growth 3", replication.runsPerArm());
        TrainSettings decay = run(replication, "seed-replication-lr-decay-s2").config().train();
        assertEquals(10.0, decay.schedule().alpha());
        assertEquals(25 * 2, decay.batchPerWorker() * decay.workers());
        assertEquals(5, decay.schedule().plateau().patience());
        assertEquals(2.0, run(replication, "seed-replication-batch-growth-s2").config().train().schedule().alpha());

        ExperimentPlan noise = ExperimentPlan.expand(
                ExperimentSpec.load(ExperimentFile.resolve("noise-vs-smith", PROJECT)), null, Map.of(), 0);
        assertEquals("lr-decay 3, batch-growth 3, noise-capped-growth 3, noise-scale 3", noise.runsPerArm());
        assertEquals(ScheduleKind.NOISE_CAPPED_GROWTH,
                run(noise, "noise-vs-smith-noise-capped-growth-s1").config().train().schedule().kind());
        TrainSettings noiseScale = run(noise, "noise-vs-smith-noise-scale-s3").config().train();
        assertEquals(ScheduleKind.NOISE_SCALE, noiseScale.schedule().kind());
        assertEquals(new NoiseSchedule(1, 200, 1.25, true), noiseScale.schedule().noise());
        assertEquals(1, noiseScale.averagingFrequency());
        ExperimentPlan reduced = ExperimentPlan.expand(ExperimentSpec.load(ExperimentFile.resolve("noise-vs-smith",
                PROJECT)), null, Map.of("train.epochs", "8", "schedule.noise.warmup-rounds", "100"), 1);
        assertEquals("lr-decay 1, batch-growth 1, noise-capped-growth 1, noise-scale 1", reduced.runsPerArm(),
                "the reduced run its file documents");
        TrainSettings reducedNoise = run(reduced, "noise-vs-smith-noise-scale-s1").config().train();
        assertEquals(8, reducedNoise.schedule().epochBudget());
        assertEquals(100, reducedNoise.schedule().noise().warmupRounds());
    }
}
