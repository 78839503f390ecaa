package io.celebaspark.experiment;

import io.celebaspark.experiment.ExperimentResult.Outcome;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --parallel 2} against {@code --parallel 1} on the tiny two-run grid in local[2]: every run trains
 * exactly once with the same results (same seed, same data: the same final model, the same losses epoch by
 * epoch and the same test scores), the two runs overlapped in time (by their recorded start and end times), and each side-by-side
 * run's progress lines say whose they are.
 */
class ExperimentParallelTest extends SharedSparkSession {
    /**
     * Losses are sums of per-task scores that Spark adds up in the order the tasks finish, which differs
     * between launches in the last bit; the models themselves are compared exactly.
     */
    private static final double TOLERANCE = 1e-12;

    @TempDir
    Path work;

    private ExperimentResult launch(String name, int parallel, List<String> console) throws IOException {
        Path data = SyntheticTensors.data(spark(), 1000, 32);
        ExperimentPlan plan = ExperimentPlan.expand(Experiments.spec("tiny", Experiments.TINY), null, Map.of(), 0);
        return ExperimentJob.run(spark(), new ExperimentRequest(data.toString(), work.resolve(name + "/metrics").toString(),
                work.resolve(name + "/runs").toString(), plan, false, parallel, List.of(), console::add));
    }

    private MetricsStore store(String name) {
        return MetricsStore.open(spark(), work.resolve(name + "/metrics").toString());
    }

    /** The final model's parameters, bit for bit ({@code INDArray.equals} allows a difference of 1e-5). */
    private double[] finalParameters(String name, String runId) {
        return ModelBundle.load(work.resolve(name + "/runs/" + runId + "/final").toString(),
                spark().sparkContext().hadoopConfiguration()).network().params().toDoubleVector();
    }

    @Test
    void twoAtATimeTrainsEveryRunOnceWithTheSameResultsAsOneAtATime() throws IOException {
        List<String> serialConsole = Collections.synchronizedList(new ArrayList<>());
        List<String> parallelConsole = Collections.synchronizedList(new ArrayList<>());
        ExperimentResult serial = launch("serial", 1, serialConsole);
        ExperimentResult parallel = launch("parallel", 2, parallelConsole);

        List<String> ids = List.of("tiny-lr-decay-a2-s1", "tiny-batch-growth-a2-s1");
        for (ExperimentResult result : List.of(serial, parallel)) {
            assertEquals(ids, result.runs().stream().map(r -> r.run().runId()).toList(), "results in plan order");
            assertEquals(List.of(Outcome.FINISHED, Outcome.FINISHED),
                    result.runs().stream().map(ExperimentResult.RunResult::outcome).toList(), result.toString());
        }
        for (String id : ids) {
            RunRecord one = store("serial").run(id).orElseThrow();
            RunRecord two = store("parallel").run(id).orElseThrow();
            assertEquals(RunStatus.FINISHED, two.status());
            List<EpochRecord> oneEpochs = store("serial").epochs(id);
            List<EpochRecord> twoEpochs = store("parallel").epochs(id);
            assertEquals(List.of(1, 2), twoEpochs.stream().map(EpochRecord::epoch).toList(), "one row per epoch");
            assertArrayEquals(finalParameters("serial", id), finalParameters("parallel", id), id + ": the same model");
            for (int e = 0; e < 2; e++) {
                String what = id + " epoch " + (e + 1);
                assertEquals(oneEpochs.get(e).globalBatch(), twoEpochs.get(e).globalBatch(), what);
                assertEquals(oneEpochs.get(e).trainLoss(), twoEpochs.get(e).trainLoss(), TOLERANCE, what);
                assertEquals(oneEpochs.get(e).valLoss(), twoEpochs.get(e).valLoss(), TOLERANCE, what);
            }
            assertEquals(one.testLoss(), two.testLoss(), TOLERANCE, id);
            assertEquals(one.testBalancedAccMean(), two.testBalancedAccMean(), TOLERANCE, id);
            assertTrue(parallelConsole.stream().anyMatch(l -> l.startsWith("train " + id + ": epoch 2/2")),
                    parallelConsole.toString());
        }
        RunRecord a = store("parallel").run(ids.get(0)).orElseThrow();
        RunRecord b = store("parallel").run(ids.get(1)).orElseThrow();
        assertTrue(a.startedAt().isBefore(b.endedAt()) && b.startedAt().isBefore(a.endedAt()),
                "side by side, the runs overlap: " + a.startedAt() + ".." + a.endedAt() + " and " + b.startedAt()
                        + ".." + b.endedAt());
        RunRecord c = store("serial").run(ids.get(0)).orElseThrow();
        RunRecord d = store("serial").run(ids.get(1)).orElseThrow();
        assertTrue(!d.startedAt().isBefore(c.endedAt()), "one at a time, the second starts after the first ends");
    }
}
