package io.celebaspark.train.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.celebaspark.train.control.Scripts.flat;
import static io.celebaspark.train.control.Scripts.run;
import static io.celebaspark.train.control.Scripts.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch growth realised as scale-out: the controller multiplies the workers and keeps the batch per worker. */
class ScaleOutControllerTest {
    private static final String SCALE_OUT = "schedule.kind = batch-growth, schedule.patience = 1,"
            + " schedule.batch-growth.realise = scale-out, ";

    private static PlateauController start(String overrides, int batchPerWorker, int workers) {
        return PlateauController.start(settings(SCALE_OUT + overrides), TrainingState.initial(batchPerWorker, workers, 1.0),
                1_000_000);
    }

    @Test
    void aGrowthMultipliesTheWorkersAndKeepsTheBatchPerWorker() {
        PlateauController controller = start("schedule.max-global-batch = 4096", 32, 2);
        Decision first = controller.onEpochEnd(1, 1.0);
        assertEquals(List.of(), first.events());
        Decision grown = controller.onEpochEnd(2, 1.0);
        assertEquals(new TrainingState(3, 32, 4, 1.0), grown.next());
        ControllerEvent event = grown.events().get(1);
        assertEquals(new ControllerEvent(2, ControllerEvent.Kind.BATCH_GROWN, 64, 128, event.reason()), event);
        assertEquals("plateau at epoch 2: workers 2 -> 4 (x alpha = 2.0, rounded) at 32 per worker", event.reason());
        assertEquals(List.of("3 PLATEAU 1.0->1.0", "3 BATCH_GROWN 128.0->256.0"), run(controller, 1.0));
        assertEquals(new TrainingState(4, 32, 8, 1.0), controller.state());
    }

    @Test
    void maxWorkersCapsTheGrowthAndTheLearningRateDecaysInstead() {
        PlateauController controller = start("cluster.scale-out.max-workers = 6", 16, 3);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 48.0->96.0",
                        "3 PLATEAU 1.0->1.0", "3 BATCH_CAPPED 96.0->192.0", "3 LR_DECAYED 1.0->0.5",
                        "4 PLATEAU 1.0->1.0", "4 LR_DECAYED 0.5->0.25"),
                run(controller, flat(4, 1.0)));
        assertEquals(new TrainingState(5, 16, 6, 0.25), controller.state());
    }

    @Test
    void theCapReasonNamesTheKey() {
        PlateauController controller = start("cluster.scale-out.max-workers = 3", 16, 2);
        controller.onEpochEnd(1, 1.0);
        ControllerEvent capped = controller.onEpochEnd(2, 1.0).events().get(1);
        assertEquals(ControllerEvent.Kind.BATCH_CAPPED, capped.kind());
        assertTrue(capped.reason().contains("needs 4 workers, more than cluster.scale-out.max-workers = 3"),
                capped.reason());
    }

    @Test
    void theGlobalBatchCapsApplyToScaleOutToo() {
        PlateauController controller = start("schedule.max-global-batch = 64", 16, 2);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 32.0->64.0",
                "3 PLATEAU 1.0->1.0", "3 BATCH_CAPPED 64.0->128.0", "3 LR_DECAYED 1.0->0.5"), run(controller, flat(3, 1.0)));
        assertEquals(4, controller.state().workers());
    }

    @Test
    void aRealAlphaRoundsTheWorkersAndGrowsThemByAtLeastOne() {
        PlateauController controller = start("schedule.alpha = 1.2", 8, 1);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 8.0->16.0",
                "3 PLATEAU 1.0->1.0", "3 BATCH_GROWN 16.0->24.0"), run(controller, flat(3, 1.0)));
        assertEquals(3, controller.state().workers());
    }

    @Test
    void aRestoredControllerKeepsTheGrownWorkers() {
        ScheduleSettings settings = settings(SCALE_OUT);
        PlateauController original = PlateauController.start(settings, TrainingState.initial(16, 2, 1.0), 1000);
        original.onEpochEnd(1, 1.0);
        original.onEpochEnd(2, 1.0);
        assertTrue(original.saveState().contains("workers=4\n"), original.saveState());
        PlateauController restored = PlateauController.restore(settings, 1000, original.saveState());
        assertEquals(new TrainingState(3, 16, 4, 1.0), restored.state());
        assertEquals(original.onEpochEnd(3, 1.0), restored.onEpochEnd(3, 1.0));
        assertEquals(8, restored.state().workers());
    }

    @Test
    void otherSchedulesNeverChangeTheWorkers() {
        PlateauController lrDecay = PlateauController.start(settings("schedule.batch-growth.realise = scale-out,"
                + " schedule.patience = 1, schedule.min-lr = 0.001"), TrainingState.initial(16, 2, 1.0), 1000);
        run(lrDecay, flat(5, 1.0));
        assertEquals(new TrainingState(6, 16, 2, 1.0 / 16), lrDecay.state());
        assertFalse(settings("schedule.batch-growth.realise = scale-out").mayScaleOut());
    }

    @Test
    void startRefusesMoreWorkersThanTheCap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start("cluster.scale-out.max-workers = 2", 16, 4));
        assertEquals("cluster.scale-out.max-workers = 2 is invalid: must be at least the initial 4 workers"
                + " (train.workers)", e.getMessage());
        assertEquals(4, start("cluster.scale-out.max-workers = 0", 16, 4).state().workers(), "0 is no cap");
    }
}
