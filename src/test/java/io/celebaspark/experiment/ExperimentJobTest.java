package io.celebaspark.experiment;

import io.celebaspark.experiment.ExperimentResult.Outcome;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.EpochReport;
import io.celebaspark.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A two-run experiment in local[2] on small synthetic faces (32x32): a run that fails does not stop the
 * other, launching again resumes the failed run from its checkpoint and skips the finished one, and a third
 * launch skips both, with exactly one epochs row per epoch and the tags in the runs table.
 */
class ExperimentJobTest extends SharedSparkSession {
    private static final String DECAY = "tiny-lr-decay-a2-s1";
    private static final String GROWTH = "tiny-batch-growth-a2-s1";
    private static Path data;

    @TempDir
    Path work;
    private final List<String> console = new ArrayList<>();

    @BeforeAll
    static void makeData() {
        data = SyntheticTensors.data(spark(), 1000, 32); // shared with TrainJobTest
    }

    private ExperimentResult launch(List<TrainingListener> listeners) throws IOException {
        console.clear();
        ExperimentPlan plan = ExperimentPlan.expand(Experiments.spec("tiny", Experiments.TINY), null, Map.of(), 0);
        return ExperimentJob.run(spark(), new ExperimentRequest(data.toString(), work.resolve("metrics").toString(),
                work.resolve("runs").toString(), plan, false, 1, listeners, console::add));
    }

    private MetricsStore store() {
        return MetricsStore.open(spark(), work.resolve("metrics").toString());
    }

    @Test
    void aFailedRunIsResumedByTheNextLaunchAndFinishedRunsAreSkipped() throws IOException {
        ExperimentResult first = launch(List.of(failingTheFirstEpochOnce()));
        assertEquals(List.of(Outcome.FAILED, Outcome.FINISHED), outcomes(first), first.runs().toString());
        assertTrue(first.runs().get(0).failure().orElseThrow().contains("injected"), first.runs().get(0).toString());
        assertEquals(RunStatus.FAILED, store().run(DECAY).orElseThrow().status());
        RunRecord growth = store().run(GROWTH).orElseThrow();
        assertEquals(RunStatus.FINISHED, growth.status());
        assertEquals(List.of("tiny", "batch-growth", "schedule.alpha=2"),
                List.of(growth.experiment(), growth.arm(), growth.gridPoint()));
        assertTrue(console.contains("experiment: run 1/2 " + DECAY + ": started"), console.toString());
        assertTrue(console.stream().anyMatch(l -> l.startsWith("experiment: run 1/2 " + DECAY + ": FAILED: injected")),
                console.toString());
        assertTrue(console.stream().anyMatch(l -> l.startsWith("train: epoch 2/2")), console.toString());

        ExperimentResult second = launch(List.of());
        assertEquals(List.of(Outcome.FINISHED, Outcome.SKIPPED), outcomes(second));
        assertEquals(new RunDecision(RunDecision.Action.RESUME, 1, ""), second.runs().get(0).decision());
        assertEquals(List.of("experiment: run 1/2 " + DECAY + ": resumed from epoch 1",
                "experiment: run 2/2 " + GROWTH + ": skipped (FINISHED)"),
                console.stream().filter(l -> l.startsWith("experiment:")).toList());
        RunRecord decay = store().run(DECAY).orElseThrow();
        assertEquals(RunStatus.FINISHED, decay.status());
        assertEquals(List.of("tiny", "lr-decay", "schedule.alpha=2"),
                List.of(decay.experiment(), decay.arm(), decay.gridPoint()), "a resume keeps the tags");
        assertEquals(List.of(1, 2), store().epochs(DECAY).stream().map(EpochRecord::epoch).toList());
        assertTrue(store().events(DECAY).stream().map(EventRecord::kind).toList().contains("RESUMED"));

        ExperimentResult third = launch(List.of());
        assertEquals(List.of(Outcome.SKIPPED, Outcome.SKIPPED), outcomes(third));
        assertTrue(third.unfinished().isEmpty());
        assertEquals(List.of(1, 2), store().epochs(GROWTH).stream().map(EpochRecord::epoch).toList());
    }

    private static List<Outcome> outcomes(ExperimentResult result) {
        return result.runs().stream().map(ExperimentResult.RunResult::outcome).toList();
    }

    /** Fails the first run right after its first epoch (checkpoint and metrics written), as a crash would. */
    private static TrainingListener failingTheFirstEpochOnce() {
        return new TrainingListener() {
            private boolean failed;

            @Override
            public void onEpochEnded(EpochReport report) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("injected failure after epoch " + report.epoch());
                }
            }
        };
    }
}
