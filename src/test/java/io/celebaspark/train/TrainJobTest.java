package io.celebaspark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celebaspark.app.AppConfig;
import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.metrics.MajorityBaseline;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.metrics.tables.EventRecord;
import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.metrics.tables.RunRecord;
import io.celebaspark.metrics.tables.RunStatus;
import io.celebaspark.model.ModelBundle;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import io.celebaspark.spark.TaskThreads;
import io.celebaspark.tensors.Manifest;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.spark.ParameterAveragingTrainer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train job in local[2] on small synthetic faces (32×32): it learns, batch growth and LR decay change
 * what they should (as the epochs table shows), a crash is resumed with exactly one row per epoch, a run begun
 * in NCHW (before NHWC) resumes in NCHW, and a divergence fails the run honestly.
 */
class TrainJobTest extends SharedSparkSession {
    private static Path data;

    @TempDir
    Path work;

    @BeforeAll
    static void makeData() {
        data = SyntheticTensors.data(spark(), 1000, 32);
    }

    private static AppConfig config(String... sets) {
        Map<String, String> map = new HashMap<>(Map.of("train.batch-per-worker", "32", "train.workers", "2",
                "train.eval-batch", "256", "train.learning-rate", "0.003"));
        for (String set : sets) {
            String[] kv = set.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return AppConfig.load(null, map);
    }

    private RunOutcome train(String runId, AppConfig config, List<TrainingListener> listeners) throws IOException {
        return TrainJob.run(spark(), new TrainRequest(data.toString(), work.resolve("metrics").toString(),
                work.resolve("runs").toString(), runId, null, config.train(), config.resolvedJson(), listeners,
                line -> System.out.println(runId + ": " + line)));
    }

    private MetricsStore store() {
        return MetricsStore.open(spark(), work.resolve("metrics").toString());
    }

    @Test
    void bothArmsLearnAndChangeWhatTheyShould() throws IOException {
        // min-delta 10: no epoch after the first improves, so every epoch from the second is a plateau
        String[] plateauEveryEpoch = {"train.epochs=3", "schedule.patience=1", "schedule.min-delta=10",
                "schedule.alpha=2"};
        RunOutcome grown = train("grow", config(concat(plateauEveryEpoch, "schedule.kind=batch-growth")), List.of());
        RunOutcome decayed = train("decay", config(concat(plateauEveryEpoch, "schedule.kind=lr-decay")), List.of());
        assertLearned(grown);
        assertLearned(decayed);

        List<EpochRecord> grow = store().epochs("grow");
        assertEquals(List.of(32, 32, 64), grow.stream().map(EpochRecord::batchPerWorker).toList());
        assertEquals(List.of(64L, 64L, 128L), grow.stream().map(EpochRecord::globalBatch).toList());
        assertEquals(List.of(0.003, 0.003, 0.003), grow.stream().map(EpochRecord::learningRate).toList());
        List<EpochRecord> decay = store().epochs("decay");
        assertEquals(List.of(32, 32, 32), decay.stream().map(EpochRecord::batchPerWorker).toList());
        assertEquals(List.of(0.003, 0.003, 0.0015), decay.stream().map(EpochRecord::learningRate).toList());
        // twice the batch, half the parameter updates per epoch (rounded up per worker)
        long firstEpochUpdates = grow.get(0).updates();
        long lastEpochUpdates = grow.get(2).updates() - grow.get(1).updates();
        assertEquals((firstEpochUpdates + 1) / 2, lastEpochUpdates, 1, firstEpochUpdates + " vs " + lastEpochUpdates);
        assertEquals(List.of("PLATEAU", "BATCH_GROWN", "BUDGET_SPENT"), kinds("grow"));
        assertEquals(List.of("PLATEAU", "LR_DECAYED", "BUDGET_SPENT"), kinds("decay"));
    }

    @Test
    void aCrashedRunResumesWithExactlyOneRowPerEpoch() throws IOException {
        TrainingListener crashAfterEpoch2 = new TrainingListener() {
            @Override
            public void onEpochEnded(EpochReport report) {
                if (report.epoch() == 2) {
                    throw new IllegalStateException("injected failure after epoch 2");
                }
            }
        };
        IllegalStateException crash = assertThrows(IllegalStateException.class,
                () -> train("crash", config("train.epochs=3", "train.batch-per-worker=64"), List.of(crashAfterEpoch2)));
        assertTrue(crash.getMessage().contains("injected"));
        RunRecord failed = store().run("crash").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.failureReason().contains("injected failure after epoch 2"), failed.failureReason());

        RunOutcome resumed = TrainJob.run(spark(), new TrainRequest(data.toString(), work.resolve("metrics").toString(),
                work.resolve("runs").toString(), null, "crash", null, null, List.of(), line -> { }));
        assertEquals(RunOutcome.Status.FINISHED, resumed.status());
        assertEquals(List.of(1, 2, 3), store().epochs("crash").stream().map(EpochRecord::epoch).toList());
        for (EpochRecord e : store().epochs("crash")) {
            // epoch 2's row is replayed from its checkpoint, epoch 3 continues the restored moving averages
            assertTrue(e.noiseRounds() > 0 && e.noiseScaleEma() > 0 && e.noiseScalePre() != null
                    && e.noiseGradSqr() != null && e.noiseTraceCov() != null, "noise scale of " + e);
        }
        assertEquals(RunStatus.FINISHED, store().run("crash").orElseThrow().status());
        assertTrue(kinds("crash").contains("RESUMED"), kinds("crash").toString());
        ModelBundle finalModel = ModelBundle.load(work.resolve("runs/crash/final").toString(),
                spark().sparkContext().hadoopConfiguration());
        assertEquals(3, finalModel.card().epoch());
    }

    /**
     * A run begun before NHWC was the default has NCHW checkpoints: it resumes in NCHW (minibatches, rollback
     * networks and saved models follow its checkpoint, not today's default), and its models' cards say so.
     * The checkpoint is made NCHW here by rebuilding its network in NCHW with the same parameters and updater
     * state (compact's parameters are laid out the same in both layouts).
     */
    @Test
    void aRunBegunInNchwResumesAndSavesInNchw() throws IOException {
        RunDirectory dir = crashAfterEpoch1WithCheckpointRebuilt("nchw", spec -> spec.withLayout(CNN2DFormat.NCHW));
        var hadoop = spark().sparkContext().hadoopConfiguration();
        List<String> console = new ArrayList<>();
        RunOutcome resumed = resume("nchw", console);
        assertEquals(RunOutcome.Status.FINISHED, resumed.status());
        // the log says which code runs: no contiguous BatchNorm in NCHW, the forward cache even for an old checkpoint
        assertTrue(console.contains("layers: NCHW; convolution helper MKLDNNConvHelper, forward cached; BatchNorm"
                + " helper MKLDNNBatchNormHelper; " + TaskThreads.describe(spark().sparkContext().master())),
                String.join("\n", console));
        // and so does the runs table
        assertEquals("layers: NCHW; convolution helper MKLDNNConvHelper, forward cached; BatchNorm helper"
                        + " MKLDNNBatchNormHelper; " + TaskThreads.describe(spark().sparkContext().master())
                        + "; averaging round: " + ParameterAveragingTrainer.describe(true),
                MetricsStore.open(spark(), work.resolve("metrics").toString()).run("nchw").orElseThrow().trainingPath());
        ModelBundle finalModel = ModelBundle.load(dir.finalModel().toString(), hadoop);
        assertEquals(2, finalModel.card().epoch());
        assertEquals(CNN2DFormat.NCHW, finalModel.card().inputLayout());
        assertEquals(CNN2DFormat.NCHW, NetworkFactory.inputLayout(finalModel.network()));
        assertEquals(2, resumed.lastEpoch());
        assertTrue(Double.isFinite(resumed.lastReport().orElseThrow().validation().loss()));
    }

    /**
     * A checkpoint written by the build before the fused ReLU (BatchNorm, then a ReLU layer of its own) resumes on
     * that network, which says so in the log, and its final model keeps the ReLU layers: the same parameter vector
     * and updater state either way, so nothing is converted.
     */
    @Test
    void aCheckpointWithReluLayersResumesWithThem() throws IOException {
        RunDirectory dir = crashAfterEpoch1WithCheckpointRebuilt("relu", spec -> spec.withFusedRelu(false));
        List<String> console = new ArrayList<>();
        RunOutcome resumed = resume("relu", console);
        assertEquals(RunOutcome.Status.FINISHED, resumed.status());
        assertEquals(2, resumed.lastEpoch());
        assertTrue(console.stream().anyMatch(line -> line.endsWith("BatchNorm helper ContiguousBatchNormHelper,"
                + " ReLU a layer of its own; " + TaskThreads.describe(spark().sparkContext().master()))),
                String.join("\n", console));
        assertTrue(store().run("relu").orElseThrow().trainingPath().contains("ReLU a layer of its own;"),
                "the runs table says so too");
        MultiLayerNetwork finalNet = ModelBundle.load(dir.finalModel().toString(),
                spark().sparkContext().hadoopConfiguration()).network();
        assertTrue(NetworkFactory.describeComputation(finalNet).endsWith("ReLU a layer of its own"));
        assertTrue(Double.isFinite(resumed.lastReport().orElseThrow().validation().loss()));
    }

    /**
     * Runs {@code runId} (2 epochs, 64 per worker) until it crashes after epoch 1, then rewrites its checkpoint as an
     * older build would have saved it: the network {@code older} makes of today's spec, with the checkpoint's
     * parameters and updater state.
     */
    private RunDirectory crashAfterEpoch1WithCheckpointRebuilt(String runId, UnaryOperator<ModelSpec> older)
            throws IOException {
        AppConfig config = config("train.epochs=2", "train.batch-per-worker=64");
        TrainingListener crashAfterEpoch1 = new TrainingListener() {
            @Override
            public void onEpochEnded(EpochReport report) {
                throw new IllegalStateException("injected failure after epoch " + report.epoch());
            }
        };
        assertThrows(IllegalStateException.class, () -> train(runId, config, List.of(crashAfterEpoch1)));
        RunDirectory dir = RunDirectory.open(work.resolve("runs").toString(), runId,
                spark().sparkContext().hadoopConfiguration());
        RunDirectory.Checkpoint cp = dir.latestCheckpoint().orElseThrow();
        MultiLayerNetwork saved = dir.loadNetwork(cp);
        TrainSettings t = config.train();
        MultiLayerNetwork rebuilt = NetworkFactory.network(older.apply(t.modelSpec(32, 32, 3)),
                t.optimizer().updater(t.learningRate(), t.momentum()));
        rebuilt.setParams(saved.params());
        rebuilt.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        dir.saveCheckpoint(cp.report(), rebuilt, cp.controllerState(), t.keepCheckpoints());
        return dir;
    }

    /** Resumes {@code runId} from its latest checkpoint, the run's log lines into {@code console}. */
    private RunOutcome resume(String runId, List<String> console) throws IOException {
        return TrainJob.run(spark(), new TrainRequest(data.toString(), work.resolve("metrics").toString(),
                work.resolve("runs").toString(), null, runId, null, null, List.of(), console::add));
    }

    /**
     * A divergence from the data side: the same tensors with a manifest whose std is 1e-38, so normalised
     * pixels overflow float and the network's loss turns NaN in the first epoch.
     */
    @Test
    void aDivergedRunFailsWithTheEpochAndReason() throws IOException {
        Path broken = divergingData();
        AppConfig nanConfig = config("train.epochs=1", "schedule.kind=constant");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainJob.run(spark(),
                new TrainRequest(broken.toString(), work.resolve("metrics").toString(), work.resolve("runs").toString(),
                        "nan", null, nanConfig.train(), nanConfig.resolvedJson(), List.of(), line -> { })));
        assertTrue(e.getMessage().contains("in epoch 1 (the run diverged)"), e.getMessage());
        RunRecord run = store().run("nan").orElseThrow();
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.failureReason().contains("diverged"), run.failureReason());
        assertTrue(store().epochs("nan").isEmpty());
    }

    /** With rollback, a divergence before any checkpoint restarts once from a fresh network at a tenth of the LR. */
    @Test
    void aDivergedRunRollsBackOnceToAFreshNetworkAtATenthOfTheLearningRate() throws IOException {
        Path broken = divergingData();
        AppConfig config = config("train.epochs=1", "schedule.kind=constant", "train.on-divergence=rollback");
        List<double[]> rollbacks = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onRolledBack(String runId, int restoredEpoch, double oldLearningRate, double newLearningRate,
                                     String reason) {
                rollbacks.add(new double[]{restoredEpoch, oldLearningRate, newLearningRate});
            }
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainJob.run(spark(),
                new TrainRequest(broken.toString(), work.resolve("metrics").toString(), work.resolve("runs").toString(),
                        "nan-rollback", null, config.train(), config.resolvedJson(), List.of(recorder), line -> { })));
        assertTrue(e.getMessage().contains("again after its one rollback"), e.getMessage());
        assertEquals(1, rollbacks.size());
        assertEquals(0, rollbacks.get(0)[0]);
        assertEquals(0.003, rollbacks.get(0)[1], 1e-12);
        assertEquals(0.0003, rollbacks.get(0)[2], 1e-12);
        assertEquals(RunStatus.FAILED, store().run("nan-rollback").orElseThrow().status());
    }

    /** A copy of the data that diverges in the first epoch (its manifest's std, see above). */
    private Path divergingData() throws IOException {
        Path broken = work.resolve("broken-data");
        copyTree(data, broken);
        Path manifest = broken.resolve("manifest.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode doctored = (ObjectNode) json.readTree(manifest.toFile());
        doctored.putArray("channel_std").add(1e-38).add(1e-38).add(1e-38);
        json.writeValue(manifest.toFile(), doctored);
        return broken;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".crc")) { // Hadoop's checksums of the originals
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Val loss below the majority baseline's, balanced accuracy above chance for every label. */
    private void assertLearned(RunOutcome outcome) throws IOException {
        assertEquals(RunOutcome.Status.FINISHED, outcome.status());
        assertEquals(RunStatus.FINISHED, store().run(outcome.runId()).orElseThrow().status());
        Evaluation val = outcome.lastReport().orElseThrow().validation();
        Manifest manifest = Manifest.fromJson(Files.readString(data.resolve("manifest.json")), "manifest");
        double baseline = MajorityBaseline.of(manifest.splits().get("train").positiveRates(),
                manifest.splits().get("val").positiveRates(), val.labels().stream().map(LabelMetrics::label).toList())
                .loss();
        assertTrue(val.loss() < baseline, outcome.runId() + ": val loss " + val.loss() + " vs majority baseline "
                + baseline);
        for (LabelMetrics label : val.labels()) {
            assertTrue(label.balancedAccuracy() > 0.5, outcome.runId() + ": " + label);
        }
        ModelBundle best = ModelBundle.load(work.resolve("runs").resolve(outcome.runId()).resolve("best").toString(),
                spark().sparkContext().hadoopConfiguration());
        assertEquals(List.of("Male", "Smiling", "Eyeglasses"), best.card().labels());
        assertEquals(outcome.bestEpoch(), best.card().epoch());
    }

    private List<String> kinds(String runId) {
        return store().events(runId).stream().map(EventRecord::kind).toList();
    }

    private static String[] concat(String[] a, String b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = b;
        return all;
    }
}
