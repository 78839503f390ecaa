package io.celebaspark.train.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.celebaspark.train.control.Scripts.flat;
import static io.celebaspark.train.control.Scripts.run;
import static io.celebaspark.train.control.Scripts.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlateauControllerTest {
    private static final long PLENTY_OF_DATA = 1_000_000;

    private static PlateauController start(String overrides, int batchPerWorker, int workers, double learningRate) {
        return PlateauController.start(settings(overrides), TrainingState.initial(batchPerWorker, workers, learningRate),
                PLENTY_OF_DATA);
    }

    @Test
    void constantNeverChangesAndRunsToTheBudget() {
        PlateauController controller = start("schedule.kind = constant, train.epochs = 10, schedule.patience = 1",
                32, 2, 0.1);
        List<TrainingState> states = new ArrayList<>();
        for (int epoch = 1; epoch <= 9; epoch++) {
            Decision decision = controller.onEpochEnd(epoch, 0.5);
            assertEquals(List.of(), decision.events());
            states.add(decision.next());
        }
        assertEquals(List.of("10 BUDGET_SPENT 10.0->10.0"), run(controller, 0.5));
        assertTrue(states.stream().allMatch(s -> s.batchPerWorker() == 32 && s.workers() == 2 && s.learningRate() == 0.1));
        assertTrue(controller.stopped());
    }

    @Test
    void lrDecayDecaysAfterPatienceEpochsWithoutImprovementFromTheNextEpoch() {
        PlateauController controller = start("", 32, 2, 1.0);
        assertEquals(List.of(), run(controller, 1.0, 0.5, 0.5));
        Decision plateau = controller.onEpochEnd(4, 0.5);
        assertEquals(5, plateau.next().epoch());
        assertEquals(0.5, plateau.next().learningRate());
        assertEquals(List.of("7 PLATEAU 0.25->0.25", "7 LR_DECAYED 0.5->0.25"), run(controller, 0.25, 0.25, 0.25));
        assertEquals(List.of(ControllerEvent.Kind.PLATEAU, ControllerEvent.Kind.LR_DECAYED),
                plateau.events().stream().map(ControllerEvent::kind).toList());
        ControllerEvent decay = plateau.events().get(1);
        assertEquals(4, decay.epoch());
        assertEquals(1.0, decay.oldValue());
        assertEquals(0.5, decay.newValue());
        assertTrue(decay.reason().contains("plateau at epoch 4"), decay.reason());
        assertTrue(plateau.events().get(0).reason().contains("schedule.patience = 2"), plateau.events().get(0).reason());
    }

    @Test
    void anImprovementOfExactlyMinDeltaCountsTowardsThePlateau() {
        PlateauController controller = start("schedule.min-delta = 0.25", 32, 2, 1.0);
        // 0.75 beats 1.0 by exactly min-delta: no improvement; 0.5 beats 1.0 by more: improvement;
        // 0.25 beats 0.5 by exactly min-delta: no improvement, twice -> plateau at 5
        assertEquals(List.of("5 PLATEAU 0.5->0.25", "5 LR_DECAYED 1.0->0.5"),
                run(controller, 1.0, 0.75, 0.5, 0.25, 0.25));
    }

    @Test
    void improvedMarksEachNewBest() {
        PlateauController controller = start("schedule.min-delta = 0.1", 32, 2, 1.0);
        List<Boolean> improved = new ArrayList<>();
        for (double value : new double[]{1.0, 0.95, 0.8, 0.85, 0.5}) {
            improved.add(controller.onEpochEnd(controller.state().epoch(), value).improved());
        }
        assertEquals(List.of(true, false, true, false, true), improved);
    }

    @Test
    void cooldownSuppressesPlateausAfterADecay() {
        PlateauController controller = start("schedule.patience = 1, schedule.cooldown = 2", 32, 2, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 LR_DECAYED 1.0->0.5",
                        "5 PLATEAU 1.0->1.0", "5 LR_DECAYED 0.5->0.25",
                        "8 PLATEAU 1.0->1.0", "8 LR_DECAYED 0.25->0.125"),
                run(controller, flat(9, 1.0)));
    }

    @Test
    void lrDecayStopsEarlyWhenTheLearningRateIsAtItsFloor() {
        PlateauController controller = start("schedule.patience = 1, schedule.min-lr = 0.3", 32, 2, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 LR_DECAYED 1.0->0.5",
                        "3 PLATEAU 1.0->1.0", "3 LR_DECAYED 0.5->0.3",
                        "4 PLATEAU 1.0->1.0", "4 EARLY_STOPPED 0.3->0.3"),
                run(controller, flat(10, 1.0)));
        assertTrue(controller.stopped());
        assertEquals(5, controller.state().epoch());
        assertThrows(IllegalStateException.class, () -> controller.onEpochEnd(5, 1.0));
    }

    @Test
    void batchGrowthGrowsUntilMaxGlobalBatchThenDecaysTheLearningRate() {
        PlateauController controller = start("schedule.kind = batch-growth, schedule.patience = 1,"
                + " schedule.max-global-batch = 128, schedule.min-lr = 0.1", 16, 2, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 32.0->64.0"), run(controller, 1.0, 1.0));
        assertEquals(new TrainingState(3, 32, 2, 1.0), controller.state());
        assertEquals(List.of("3 PLATEAU 1.0->1.0", "3 BATCH_GROWN 64.0->128.0",
                        "4 PLATEAU 1.0->1.0", "4 BATCH_CAPPED 128.0->256.0", "4 LR_DECAYED 1.0->0.5",
                        "5 PLATEAU 1.0->1.0", "5 LR_DECAYED 0.5->0.25",
                        "6 PLATEAU 1.0->1.0", "6 LR_DECAYED 0.25->0.125",
                        "7 PLATEAU 1.0->1.0", "7 LR_DECAYED 0.125->0.1",
                        "8 PLATEAU 1.0->1.0", "8 EARLY_STOPPED 0.1->0.1"),
                run(controller, flat(10, 1.0)));
        assertEquals(new TrainingState(9, 64, 2, 0.1), controller.state());
    }

    @Test
    void batchGrowthIsCappedByTheTrainingExamples() {
        PlateauController controller = PlateauController.start(
                settings("schedule.kind = batch-growth, schedule.patience = 1"), TrainingState.initial(16, 2, 1.0), 100);
        List<Decision> decisions = new ArrayList<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
            decisions.add(controller.onEpochEnd(epoch, 1.0));
        }
        ControllerEvent capped = decisions.get(2).events().get(1);
        assertEquals(new ControllerEvent(3, ControllerEvent.Kind.BATCH_CAPPED, 64, 128, capped.reason()), capped);
        assertTrue(capped.reason().contains("exceeds the 100 training examples"), capped.reason());
        assertEquals(new TrainingState(4, 32, 2, 0.5), controller.state());
    }

    @Test
    void batchGrowthRoundsARealAlphaToTheNearestBatchAndGrowsByAtLeastOne() {
        PlateauController byTwoAndAHalf = start("schedule.kind = batch-growth, schedule.patience = 1,"
                + " schedule.alpha = 2.5", 10, 1, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 10.0->25.0",
                        "3 PLATEAU 1.0->1.0", "3 BATCH_GROWN 25.0->63.0",
                        "4 PLATEAU 1.0->1.0", "4 BATCH_GROWN 63.0->158.0"),
                run(byTwoAndAHalf, flat(4, 1.0)));
        PlateauController byOnePointTwo = start("schedule.kind = batch-growth, schedule.patience = 1,"
                + " schedule.alpha = 1.2", 2, 1, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 BATCH_GROWN 2.0->3.0",
                        "3 PLATEAU 1.0->1.0", "3 BATCH_GROWN 3.0->4.0",
                        "4 PLATEAU 1.0->1.0", "4 BATCH_GROWN 4.0->5.0"),
                run(byOnePointTwo, flat(4, 1.0)));
    }

    @Test
    void fixedStepsChangeAtTheListedEpochsWhateverTheCurve() {
        String config = "schedule.kind = fixed-steps, schedule.steps = [3, 5], train.epochs = 8, schedule.patience = 1";
        List<String> expected = List.of("3 LR_DECAYED 1.0->0.5", "5 LR_DECAYED 0.5->0.25", "8 BUDGET_SPENT 8.0->8.0");
        assertEquals(expected, run(start(config, 32, 2, 1.0), flat(8, 1.0)));
        assertEquals(expected, run(start(config, 32, 2, 1.0), 8, 7, 6, 5, 4, 3, 2, 1));
    }

    @Test
    void fixedStepsCanGrowTheBatchAndFallBackToLrDecay() {
        PlateauController controller = start("schedule.kind = fixed-steps, schedule.steps = [2, 4, 6],"
                + " schedule.step-action = batch-growth, schedule.max-global-batch = 64, train.epochs = 7", 16, 2, 1.0);
        assertEquals(List.of("2 BATCH_GROWN 32.0->64.0",
                        "4 BATCH_CAPPED 64.0->128.0", "4 LR_DECAYED 1.0->0.5",
                        "6 LR_DECAYED 0.5->0.25",
                        "7 BUDGET_SPENT 7.0->7.0"),
                run(controller, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void theBudgetEndsTheRunAndOutranksAPlateauOnTheLastEpoch() {
        PlateauController controller = start("train.epochs = 5, schedule.patience = 1", 32, 2, 1.0);
        assertEquals(List.of("2 PLATEAU 1.0->1.0", "2 LR_DECAYED 1.0->0.5",
                        "3 PLATEAU 1.0->1.0", "3 LR_DECAYED 0.5->0.25",
                        "4 PLATEAU 1.0->1.0", "4 LR_DECAYED 0.25->0.125",
                        "5 BUDGET_SPENT 5.0->5.0"),
                run(controller, flat(20, 1.0)));
        assertEquals(new TrainingState(6, 32, 2, 0.125), controller.state());
    }

    @Test
    void maxModeDetectsAnAccuracyPlateau() {
        PlateauController controller = start("schedule.monitor = val-acc-mean, schedule.mode = max", 32, 2, 1.0);
        assertEquals(List.of(), run(controller, 0.5, 0.6, 0.7, 0.8));
        assertEquals(List.of("7 PLATEAU 0.9->0.75", "7 LR_DECAYED 1.0->0.5"), run(controller, 0.9, 0.75, 0.75));
    }

    @Test
    void refusesAnotherEpochThanTheCurrentOne() {
        PlateauController controller = start("", 32, 2, 1.0);
        controller.onEpochEnd(1, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> controller.onEpochEnd(3, 1.0));
        assertEquals("expected the end of epoch 2, got epoch 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> controller.onEpochEnd(2, Double.NaN));
    }

    @Test
    void startRefusesABatchAboveMaxGlobalBatchWhenItMayGrow() {
        ScheduleSettings growth = settings("schedule.kind = batch-growth, schedule.max-global-batch = 100");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlateauController.start(growth, TrainingState.initial(64, 2, 1.0), PLENTY_OF_DATA));
        assertEquals("schedule.max-global-batch = 100 is invalid: must be at least the initial global batch 128"
                + " (64 per worker x 2 workers)", e.getMessage());
        PlateauController.start(settings("schedule.kind = lr-decay, schedule.max-global-batch = 100"),
                TrainingState.initial(64, 2, 1.0), PLENTY_OF_DATA);
    }

    @Test
    void startRefusesALearningRateAtOrBelowMinLrWhenItMayDecay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start("", 32, 2, 0.01));
        assertEquals("schedule.min-lr = 0.01 is invalid: must be below the initial learning rate 0.01", e.getMessage());
        assertFalse(start("schedule.kind = constant", 32, 2, 0.001).stopped());
    }
}
