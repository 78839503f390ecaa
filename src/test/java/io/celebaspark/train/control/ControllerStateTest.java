package io.celebaspark.train.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.celebaspark.train.control.Scripts.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerStateTest {
    private static final long TRAIN_EXAMPLES = 500;
    /** A noisy curve with improvements, plateaus in and out of cooldown, growth, the cap and the floor. */
    private static final double[] CURVE = {0.9, 0.8, 0.8, 0.79, 0.81, 0.7, 0.72, 0.71, 0.73, 0.6, 0.61, 0.6, 0.62,
            0.63, 0.5, 0.5, 0.52, 0.51, 0.5, 0.49, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    /** The keys a controller that has seen no noise estimate saves after the plateau detector's and its own. */
    private static final String NO_NOISE_SEEN = """
            initial-batch-per-worker=16
            noise-rounds-seen=0
            noise-epoch=0
            noise-scale=NaN
            noise-scale-se=NaN
            noise-scale-rounds=0
            """;
    private static final String CONFIG = "schedule.kind = batch-growth, schedule.patience = 2, schedule.cooldown = 1,"
            + " schedule.min-delta = 0.015, schedule.max-global-batch = 256, schedule.min-lr = 0.05, train.epochs = 40";

    private static List<Decision> continueRun(PlateauController controller, int fromIndex) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = fromIndex; i < CURVE.length && !controller.stopped(); i++) {
            decisions.add(controller.onEpochEnd(i + 1, CURVE[i]));
        }
        return decisions;
    }

    @Test
    void aRestoredControllerDecidesExactlyAsTheOriginalFromEverySnapshot() {
        ScheduleSettings settings = settings(CONFIG);
        List<Decision> uninterrupted = continueRun(
                PlateauController.start(settings, TrainingState.initial(16, 2, 1.0), TRAIN_EXAMPLES), 0);
        List<ControllerEvent.Kind> kinds = uninterrupted.stream()
                .flatMap(d -> d.events().stream()).map(ControllerEvent::kind).distinct().toList();
        assertEquals(List.of(ControllerEvent.Kind.PLATEAU, ControllerEvent.Kind.BATCH_GROWN,
                ControllerEvent.Kind.BATCH_CAPPED, ControllerEvent.Kind.LR_DECAYED,
                ControllerEvent.Kind.EARLY_STOPPED), kinds, "the curve exercises every decision");

        for (int snapshotAfter = 0; snapshotAfter < uninterrupted.size(); snapshotAfter++) {
            PlateauController original = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0),
                    TRAIN_EXAMPLES);
            for (int i = 0; i < snapshotAfter; i++) {
                original.onEpochEnd(i + 1, CURVE[i]);
            }
            String saved = original.saveState();
            PlateauController restored = PlateauController.restore(settings, TRAIN_EXAMPLES, saved);
            assertEquals(saved, restored.saveState(), "snapshot after epoch " + snapshotAfter);
            List<Decision> expected = uninterrupted.subList(snapshotAfter, uninterrupted.size());
            assertEquals(expected, continueRun(original, snapshotAfter), "original after epoch " + snapshotAfter);
            assertEquals(expected, continueRun(restored, snapshotAfter), "restored after epoch " + snapshotAfter);
            assertEquals(original.saveState(), restored.saveState());
        }
    }

    @Test
    void theStateIsReadableKeyValueText() {
        PlateauController controller = PlateauController.start(settings(CONFIG), TrainingState.initial(16, 2, 1.0),
                TRAIN_EXAMPLES);
        assertEquals("""
                format=2
                epoch=1
                batch-per-worker=16
                workers=2
                learning-rate=1.0
                best=Infinity
                epochs-without-improvement=0
                cooldown-left=0
                batch-capped=false
                stopped=false
                """ + NO_NOISE_SEEN, controller.saveState());
        for (int epoch = 1; epoch <= 4; epoch++) {
            controller.onEpochEnd(epoch, CURVE[epoch - 1]);
        }
        assertEquals("""
                format=2
                epoch=5
                batch-per-worker=32
                workers=2
                learning-rate=1.0
                best=0.8
                epochs-without-improvement=0
                cooldown-left=1
                batch-capped=false
                stopped=false
                """ + NO_NOISE_SEEN, controller.saveState());
    }

    @Test
    void aStoppedControllerStaysStoppedWhenRestored() {
        ScheduleSettings settings = settings("train.epochs = 2");
        PlateauController controller = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0), 100);
        controller.onEpochEnd(1, 1.0);
        controller.onEpochEnd(2, 1.0);
        PlateauController restored = PlateauController.restore(settings, 100, controller.saveState());
        assertTrue(restored.stopped());
        assertThrows(IllegalStateException.class, () -> restored.onEpochEnd(3, 1.0));
    }

    @Test
    void aCorruptStateIsRefusedWithTheReason() {
        ScheduleSettings settings = settings("");
        String saved = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0), 100).saveState();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PlateauController.restore(settings, 100, saved.replace("cooldown-left=0\n", "")));
        assertEquals("the controller state lacks 'cooldown-left'", missing.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> PlateauController.restore(settings, 100, saved.replace("format=2", "format=3")));
        assertEquals("unsupported controller state format 3, expected 2 or 1", format.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PlateauController.restore(settings, 100, saved.replace("workers=2", "workers=two")));
    }
}
