package io.celebaspark.train.control;

import io.celebaspark.train.noise.NoiseScaleEstimate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.celebaspark.train.control.Scripts.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two noise kinds, with scripted monitored values and noise estimates. */
class NoiseScheduleControllerTest {
    private static final long TRAIN_EXAMPLES = 10_000;
    private static final String NOISE_SCALE = "schedule.kind = noise-scale, ";
    private static final String CAPPED = "schedule.kind = noise-capped-growth, ";

    /** An epoch's estimate with B_noise {@code noiseScale} resting on {@code rounds} rounds. */
    private static NoiseScaleEstimate estimate(double noiseScale, int rounds) {
        return new NoiseScaleEstimate(noiseScale, noiseScale * 1.1, noiseScale / 10, rounds, 1.0, noiseScale, null);
    }

    /** One epoch of a script: the monitored value and the epoch's estimate (null: none measured). */
    private record Epoch(double value, NoiseScaleEstimate noise) {
    }

    private static Epoch epoch(double value, double noiseScale, int rounds) {
        return new Epoch(value, estimate(noiseScale, rounds));
    }

    private static PlateauController start(String config) {
        return PlateauController.start(settings(config), TrainingState.initial(16, 2, 1.0), TRAIN_EXAMPLES);
    }

    /** Feeds the script from its {@code from}-th epoch, returning every event as "epoch KIND old->new". */
    private static List<String> run(PlateauController controller, List<Epoch> script, int from) {
        List<String> events = new ArrayList<>();
        for (int i = from; i < script.size() && !controller.stopped(); i++) {
            Decision d = controller.onEpochEnd(i + 1, script.get(i).value(), script.get(i).noise());
            d.events().forEach(e -> events.add(e.epoch() + " " + e.kind() + " " + e.oldValue() + "->" + e.newValue()));
        }
        return events;
    }

    private static List<String> run(PlateauController controller, List<Epoch> script) {
        return run(controller, script, 0);
    }

    @Test
    void noiseScaleWaitsForTheWarmUpThenSetsTheBatchToKappaTimesTheNoiseScale() {
        PlateauController controller = start(NOISE_SCALE + "schedule.noise.warmup-rounds = 100,"
                + " schedule.noise.kappa = 2");
        List<String> events = run(controller, List.of(epoch(0.9, 100, 40), epoch(0.8, 100, 40), epoch(0.7, 100, 40),
                epoch(0.6, 110, 40)));
        assertEquals(List.of("3 NOISE_SCALE 100.0->200.0", "3 BATCH_GROWN 32.0->200.0", "4 NOISE_SCALE 110.0->220.0"),
                events, "80 rounds after epoch 2 are below the warm-up; 220 / 200 is within the hysteresis");
        assertEquals(100, controller.state().batchPerWorker(), "200 examples on 2 workers");
        assertEquals(1.0, controller.state().learningRate());
    }

    @Test
    void noiseScaleChangesOnlyBeyondTheHysteresisAndNeverShrinksByDefault() {
        PlateauController controller = start(NOISE_SCALE + "schedule.noise.min-change = 1.5");
        assertEquals(List.of("1 NOISE_SCALE 47.0->47.0", "2 NOISE_SCALE 48.0->48.0", "2 BATCH_GROWN 32.0->48.0",
                        "3 NOISE_SCALE 10.0->10.0"),
                run(controller, List.of(epoch(0.9, 47, 10), epoch(0.8, 48, 10), epoch(0.7, 10, 10))));
        assertEquals(24, controller.state().batchPerWorker());
    }

    @Test
    void noiseScaleMayShrinkWhenAllowedButNeverBelowTheInitialBatch() {
        PlateauController controller = start(NOISE_SCALE + "schedule.noise.grow-only = false");
        assertEquals(List.of("1 NOISE_SCALE 200.0->200.0", "1 BATCH_GROWN 32.0->200.0",
                        "2 NOISE_SCALE 100.0->100.0", "2 BATCH_SHRUNK 200.0->100.0",
                        "3 NOISE_SCALE 4.0->4.0", "3 BATCH_SHRUNK 100.0->32.0"),
                run(controller, List.of(epoch(0.9, 200, 10), epoch(0.8, 100, 10), epoch(0.7, 4, 10))));
        assertEquals(16, controller.state().batchPerWorker());
    }

    @Test
    void noiseScaleStopsAtTheCapsOfBatchGrowthThenDecaysTheLearningRateOnPlateaus() {
        PlateauController controller = start(NOISE_SCALE + "schedule.max-global-batch = 301, schedule.patience = 1");
        List<String> events = run(controller, List.of(epoch(0.9, 1000, 10), epoch(0.8, Double.POSITIVE_INFINITY, 10),
                epoch(0.8, 5000, 10)));
        assertEquals(List.of("1 NOISE_SCALE 1000.0->1000.0", "1 BATCH_CAPPED 32.0->1000.0", "1 BATCH_GROWN 32.0->300.0",
                "2 NOISE_SCALE Infinity->Infinity", "3 PLATEAU 0.8->0.8", "3 NOISE_SCALE 5000.0->5000.0",
                "3 LR_DECAYED 1.0->0.5"), events, "one BATCH_CAPPED; an unbounded noise scale is beyond every cap");
        assertEquals(150, controller.state().batchPerWorker(), "the largest batch per worker within 301 on 2 workers");
        PlateauController fewExamples = PlateauController.start(settings(NOISE_SCALE), TrainingState.initial(16, 2, 1.0), 100);
        run(fewExamples, List.of(epoch(0.9, 1000, 10)));
        assertEquals(50, fewExamples.state().batchPerWorker(), "never beyond the training examples");
    }

    @Test
    void noiseScaleDecaysTheLearningRateOnAPlateauOnlyWhenTheBatchDidNotGrow() {
        PlateauController controller = start(NOISE_SCALE + "schedule.patience = 1");
        assertEquals(List.of("1 NOISE_SCALE 20.0->20.0", "2 PLATEAU 0.9->0.9", "2 NOISE_SCALE 100.0->100.0",
                        "2 BATCH_GROWN 32.0->100.0", "3 PLATEAU 0.9->0.9", "3 NOISE_SCALE 100.0->100.0",
                        "3 LR_DECAYED 1.0->0.5"),
                run(controller, List.of(epoch(0.9, 20, 10), epoch(0.9, 100, 10), epoch(0.9, 100, 10))));
    }

    @Test
    void withoutAnEstimateTheLastOneCountsAndWithoutAnyTheBatchHolds() {
        PlateauController controller = start(NOISE_SCALE + "schedule.patience = 1");
        List<Decision> decisions = new ArrayList<>();
        decisions.add(controller.onEpochEnd(1, 0.9, null));
        decisions.add(controller.onEpochEnd(2, 0.9, null));
        decisions.add(controller.onEpochEnd(3, 0.8, estimate(20, 10)));
        decisions.add(controller.onEpochEnd(4, 0.7, estimate(Double.NaN, 10)));
        assertEquals(ControllerEvent.Kind.NOISE_MISSING, decisions.get(0).events().get(0).kind());
        assertEquals(List.of(ControllerEvent.Kind.PLATEAU, ControllerEvent.Kind.NOISE_MISSING,
                ControllerEvent.Kind.LR_DECAYED), decisions.get(1).events().stream().map(ControllerEvent::kind).toList(),
                "a plateau without any estimate decays the learning rate");
        ControllerEvent fallback = decisions.get(3).events().get(0);
        assertEquals(ControllerEvent.Kind.NOISE_SCALE, fallback.kind());
        assertEquals(20.0, fallback.oldValue(), "a NaN estimate counts as none: epoch 3's is used");
        assertTrue(fallback.reason().contains("epoch 3's estimate, none since"), fallback.reason());
        assertTrue(fallback.reason().contains("schedule.noise.kappa = 1.0"), fallback.reason());
    }

    @Test
    void noiseCappedGrowthGrowsOnAPlateauOnlyWhileAlphaTimesTheBatchFitsTheNoiseScale() {
        PlateauController controller = start(CAPPED + "schedule.patience = 1");
        List<String> events = run(controller, List.of(epoch(0.9, 40, 10), epoch(0.9, 70, 10), epoch(0.9, 100, 10),
                epoch(0.9, 300, 10)));
        assertEquals(List.of("2 PLATEAU 0.9->0.9", "2 NOISE_SCALE 70.0->70.0", "2 BATCH_GROWN 32.0->64.0",
                "3 PLATEAU 0.9->0.9", "3 NOISE_SCALE 100.0->100.0", "3 LR_DECAYED 1.0->0.5",
                "4 PLATEAU 0.9->0.9", "4 NOISE_SCALE 300.0->300.0", "4 BATCH_GROWN 64.0->128.0"), events,
                "no decision without a plateau; 128 > 100 decays the LR; a later, larger noise scale grows again");
    }

    @Test
    void noiseCappedGrowthDecaysTheLearningRateDuringTheWarmUpAndWithoutAnEstimate() {
        PlateauController warming = start(CAPPED + "schedule.patience = 1, schedule.noise.warmup-rounds = 50");
        Decision d = null;
        for (int epoch = 1; epoch <= 2; epoch++) {
            d = warming.onEpochEnd(epoch, 0.9, estimate(1000, 10));
        }
        assertEquals(List.of(ControllerEvent.Kind.PLATEAU, ControllerEvent.Kind.LR_DECAYED),
                d.events().stream().map(ControllerEvent::kind).toList());
        assertTrue(d.events().get(1).reason().contains("warming up (20 of 50 rounds"), d.events().get(1).reason());
        PlateauController blind = start(CAPPED + "schedule.patience = 1");
        assertEquals(List.of("2 PLATEAU 0.9->0.9", "2 NOISE_MISSING 32.0->32.0", "2 LR_DECAYED 1.0->0.5"),
                run(blind, List.of(new Epoch(0.9, null), new Epoch(0.9, null))));
    }

    @Test
    void aRestoredControllerDecidesExactlyAsTheOriginalFromEverySnapshot() {
        List<Epoch> script = new ArrayList<>();
        double[] values = {0.9, 0.8, 0.8, 0.79, 0.81, 0.7, 0.72, 0.71, 0.73, 0.72, 0.74, 0.75, 0.73, 0.74, 0.75, 0.76};
        double[] noise = {30, 45, 60, 80, 120, 150, 160, 240, 400, 600, 700, 700, 800, 900, 1000, 1100};
        for (int i = 0; i < values.length; i++) {
            script.add(i == 6 ? new Epoch(values[i], null) : epoch(values[i], noise[i], 30));
        }
        for (String kind : List.of(NOISE_SCALE, CAPPED)) {
            ScheduleSettings settings = settings(kind + "schedule.noise.warmup-rounds = 50, schedule.patience = 2,"
                    + " schedule.max-global-batch = 512, schedule.min-lr = 0.1, train.epochs = 40");
            List<String> uninterrupted = run(PlateauController.start(settings, TrainingState.initial(16, 2, 1.0),
                    TRAIN_EXAMPLES), script);
            assertTrue(uninterrupted.stream().anyMatch(e -> e.contains("BATCH_GROWN")), kind + uninterrupted);
            assertTrue(uninterrupted.stream().anyMatch(e -> e.contains("LR_DECAYED")), kind + uninterrupted);
            for (int snapshotAfter = 0; snapshotAfter < script.size(); snapshotAfter++) {
                PlateauController original = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0),
                        TRAIN_EXAMPLES);
                List<String> before = run(original, script.subList(0, snapshotAfter));
                String saved = original.saveState();
                PlateauController restored = PlateauController.restore(settings, TRAIN_EXAMPLES, saved);
                assertEquals(saved, restored.saveState(), kind + "snapshot after epoch " + snapshotAfter);
                List<String> after = run(restored, script, snapshotAfter);
                List<String> resumed = new ArrayList<>(before);
                resumed.addAll(after);
                assertEquals(uninterrupted, resumed, kind + "restored after epoch " + snapshotAfter);
            }
        }
    }

    @Test
    void aStateSavedBeforeTheNoiseKindsStillLoads() {
        ScheduleSettings settings = settings("schedule.kind = batch-growth, schedule.patience = 1");
        PlateauController grown = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0), TRAIN_EXAMPLES);
        Scripts.run(grown, 0.9, 0.9);
        String current = grown.saveState();
        // Format 1 is format 2 without the keys after "stopped".
        String formatOne = current.substring(0, current.indexOf("initial-batch-per-worker="))
                .replace("format=2", "format=1");
        PlateauController restored = PlateauController.restore(settings, TRAIN_EXAMPLES, formatOne);
        assertEquals(new TrainingState(3, 32, 2, 1.0), restored.state());
        assertEquals(current.replace("initial-batch-per-worker=16", "initial-batch-per-worker=32"), restored.saveState(),
                "no noise seen, and the batch it resumes with taken as the initial one");
    }
}
