package io.celebaspark.experiment;

import io.celebaspark.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentSpecTest {
    private static String error(String text) {
        return assertThrows(ConfigurationException.class, () -> Experiments.spec("x", text)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        }
    }

    @Test
    void parsesArmsInFileOrderAndTheGridByKey() {
        ExperimentSpec spec = Experiments.spec("smith", Experiments.SMITH);
        assertEquals("an example", spec.description());
        assertEquals(List.of("constant", "lr-decay", "batch-growth", "hybrid"),
                spec.arms().stream().map(ExperimentSpec.Arm::name).toList());
        assertEquals(List.of("schedule.alpha", "train.optimizer", "train.seed"),
                spec.grid().stream().map(GridAxis::key).toList());
        assertEquals(30, spec.settings().getInt("train.epochs"));
        assertEquals(256, spec.arms().get(3).settings().getInt("schedule.max-global-batch"));
    }

    @Test
    void anExcludedKeyIsNotCrossedAndTheSeedNeverIs() {
        ExperimentSpec spec = Experiments.spec("smith", Experiments.SMITH);
        assertEquals(List.of("train.optimizer"), spec.axesOf(spec.arms().get(0)).stream().map(GridAxis::key).toList());
        assertEquals(List.of("schedule.alpha", "train.optimizer"),
                spec.axesOf(spec.arms().get(1)).stream().map(GridAxis::key).toList());
    }

    @Test
    void anUnknownKeyNamesTheFileTheArmTheKeyAndTheNearestKey() {
        String message = error("""
                experiment {
                  arms = [ { name = a }, { name = slow, settings { schedule.patiense = 4 } } ]
                  grid { train.seed = [1] }
                }""");
        assertContains(message, "experiment file x.conf, arm slow", "'schedule.patiense'", "x.conf: 2",
                "did you mean 'schedule.patience'");
    }

    @Test
    void anUnknownGridKeyOrFileKeyGetsASuggestionToo() {
        assertContains(error("experiment { arms = [{ name = a }], grid { train.seed = [1], schedule.alfa = [2] } }"),
                "'schedule.alfa'", "did you mean 'schedule.alpha'");
        assertContains(error("experiment { arm = [{ name = a }], grid { train.seed = [1] } }"),
                "unknown key 'arm'", "did you mean 'arms'");
        assertContains(error("experiment { arms = [{ name = a, setings { train.epochs = 1 } }], grid { train.seed = [1] } }"),
                "arm a", "unknown key 'setings'", "did you mean 'settings'");
    }

    @Test
    void onlyTrainAndScheduleKeysMayVaryAndTheTagsAreTheCommandsOwn() {
        assertContains(error("experiment { settings { cluster.master = \"local[1]\" }, arms = [{ name = a }],"
                + " grid { train.seed = [1] } }"), "cluster.master", "cannot differ between the runs", "--set");
        assertContains(error("experiment { arms = [{ name = a, settings { train.arm = b } }], grid { train.seed = [1] } }"),
                "arm a", "train.arm", "set by the experiment command");
    }

    @Test
    void theGridMustListSeedsAndEveryAxisItsDistinctValues() {
        assertContains(error("experiment { arms = [{ name = a }], grid { schedule.alpha = [2] } }"),
                "must list the seeds");
        assertContains(error("experiment { arms = [{ name = a }], grid { train.seed = [1], schedule.alpha = 2 } }"),
                "schedule.alpha must list one or more values");
        assertContains(error("experiment { arms = [{ name = a }], grid { train.seed = [1], schedule.alpha = [2, 2.0] } }"),
                "schedule.alpha lists 2 twice");
        assertContains(error("experiment { arms = [{ name = a }], grid { train.seed = [1], train.labels = [[\"a b\"], [a_b]] } }"),
                "read the same in a run id (a_b)");
    }

    @Test
    void excludeGridNamesGridKeysOtherThanTheSeed() {
        assertContains(error("experiment { arms = [{ name = a, exclude-grid = [schedule.alfa] }],"
                + " grid { train.seed = [1], schedule.alpha = [2] } }"), "arm a", "not a grid key", "did you mean 'schedule.alpha'");
        assertContains(error("experiment { arms = [{ name = a, exclude-grid = [train.seed] }], grid { train.seed = [1] } }"),
                "every arm runs every seed");
    }

    @Test
    void anArmMayNotSetWhatTheGridVariesForIt() {
        assertContains(error("experiment { arms = [{ name = a, settings { schedule.alpha = 3 } }],"
                + " grid { train.seed = [1], schedule.alpha = [2] } }"), "arm a", "sets schedule.alpha", "exclude-grid");
        Experiments.spec("x", "experiment { arms = [{ name = a, settings { schedule.alpha = 3 },"
                + " exclude-grid = [schedule.alpha] }], grid { train.seed = [1], schedule.alpha = [2] } }");
        assertContains(error("experiment { arms = [{ name = a, settings { train.learning-rate = 0.1 } }], grid {"
                        + " train.seed = [1], train.optimizer = [{ value = adam, settings { train.learning-rate = 1e-3 } }] } }"),
                "arm a", "sets train.learning-rate, which grid key train.optimizer sets too");
    }

    @Test
    void aGridValueMayCarrySettingsThatGoWithIt() {
        ExperimentSpec spec = Experiments.spec("x", """
                experiment {
                  arms = [{ name = a }]
                  grid {
                    train.seed = [1]
                    train.optimizer = [{ value = sgd-momentum, settings { train.learning-rate = 0.05 } }, adam]
                  }
                }""");
        GridAxis optimizer = spec.grid().get(0);
        assertEquals("sgd-momentum", optimizer.values().get(0).value().unwrapped());
        assertEquals(0.05, optimizer.values().get(0).settings().getDouble("train.learning-rate"));
        assertTrue(optimizer.values().get(1).settings().isEmpty());
        assertContains(error("experiment { arms = [{ name = a }], grid { train.seed = [1],"
                + " train.optimizer = [{ settings { train.learning-rate = 0.05 } }] } }"), "without value =");
    }

    @Test
    void armsNeedDistinctIdSafeNames() {
        assertContains(error("experiment { arms = [{ name = a }, { name = a }], grid { train.seed = [1] } }"),
                "two arms are named a");
        assertContains(error("experiment { arms = [{ name = \"a b\" }], grid { train.seed = [1] } }"), "arm a b",
                "part of its runs' ids");
        assertContains(error("experiment { arms = [{ settings {} }], grid { train.seed = [1] } }"), "arm 1 has no name");
        assertContains(error("experiment { arms = [], grid { train.seed = [1] } }"), "needs a list of arms");
        assertContains(error("nothing = 1"), "must hold one object, experiment");
    }
}
