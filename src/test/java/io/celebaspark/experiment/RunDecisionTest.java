package io.celebaspark.experiment;

import io.celebaspark.experiment.RunDecision.Action;
import io.celebaspark.experiment.RunDecision.Recorded;
import io.celebaspark.metrics.tables.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDecisionTest {
    private static final PlannedRun RUN = ExperimentPlan.expand(Experiments.spec("t", """
            experiment { arms = [{ name = a }], settings { schedule.patience = 2 }, grid { train.seed = [1] } }"""),
            null, Map.of(), 0).runs().get(0);
    private static final String SAME = RUN.config().resolvedJson();

    private static RunDecision decide(RunStatus status, String config, boolean folder, int checkpoint) {
        return RunDecision.decide(RUN, new Recorded(status, config, folder, checkpoint));
    }

    @Test
    void aNewRunStartsAFinishedOneIsSkipped() {
        assertEquals(Action.START, RunDecision.decide(RUN, Recorded.NOTHING).action());
        RunDecision skip = decide(RunStatus.FINISHED, SAME, true, 3);
        assertEquals(Action.SKIP, skip.action());
        assertEquals("skipped (FINISHED)", skip.describe(false));
        assertEquals(Action.SKIP, decide(RunStatus.FINISHED, SAME, false, 0).action(), "its folder may be gone");
    }

    @Test
    void anUnfinishedRunWithAFolderResumesFromItsCheckpoint() {
        for (RunStatus status : new RunStatus[]{RunStatus.RUNNING, RunStatus.FAILED, RunStatus.KILLED, null}) {
            RunDecision resume = decide(status, SAME, true, 2);
            assertEquals(Action.RESUME, resume.action(), String.valueOf(status));
            assertEquals(2, resume.checkpointEpoch());
            assertEquals("resumed from epoch 2", resume.describe(false));
            assertEquals("would resume from epoch 2", resume.describe(true));
        }
        assertEquals("started again (its folder holds no checkpoint)", decide(RunStatus.FAILED, SAME, true, 0).describe(false));
    }

    @Test
    void aRunRecordedWithAnotherConfigurationIsRefusedNamingTheKeys() {
        String edited = SAME.replace("\"patience\":2", "\"patience\":3");
        RunDecision refused = decide(RunStatus.FINISHED, edited, true, 3);
        assertEquals(Action.REFUSE, refused.action());
        assertTrue(refused.reason().contains("schedule.patience 3 -> 2 (recorded -> planned)"), refused.reason());
        assertEquals(Action.REFUSE, decide(RunStatus.FAILED, edited, true, 1).action());
    }

    @Test
    void anUnfinishedRunWithoutAFolderIsRefused() {
        RunDecision refused = decide(RunStatus.FAILED, SAME, false, 0);
        assertEquals(Action.REFUSE, refused.action());
        assertTrue(refused.reason().contains("is --output the RUNS_DIR the experiment ran with?"), refused.reason());
    }

    @Test
    void onlyValuesBothSidesHaveAreCompared() {
        assertEquals(List.of(), RunDecision.changes("{\"train\":{\"epochs\":3,\"old-key\":1}}",
                "{\"train\":{\"epochs\":3.0,\"new-key\":2},\"cluster\":{\"master\":\"x\"}}"));
        assertEquals(List.of("train.labels [Male] -> [Male, Smiling]"), RunDecision.changes(
                "{\"train\":{\"labels\":[\"Male\"]},\"cluster\":{\"master\":\"y\"}}",
                "{\"train\":{\"labels\":[\"Male\",\"Smiling\"]},\"cluster\":{\"master\":\"x\"}}"));
    }
}
