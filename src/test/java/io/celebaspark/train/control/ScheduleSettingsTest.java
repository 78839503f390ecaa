package io.celebaspark.train.control;

import io.celebaspark.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.celebaspark.train.control.Scripts.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleSettingsTest {
    private static void assertRefused(String overrides, String... fragments) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings(overrides));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void readsEveryKey() {
        ScheduleSettings settings = settings("""
                train.epochs = 90
                schedule { kind = fixed-steps, monitor = val-balanced-acc-mean, mode = max, alpha = 2.5, patience = 3,
                  min-delta = 0.001, cooldown = 1, max-global-batch = 4096, min-lr = 1e-6, steps = [30, 60, 80],
                  step-action = batch-growth, batch-growth.realise = scale-out,
                  noise { kappa = 0.5, warmup-rounds = 300, min-change = 1.5, grow-only = false } }
                cluster.scale-out.max-workers = 16
                """);
        assertEquals(new ScheduleSettings(ScheduleKind.FIXED_STEPS, MonitoredMetric.VAL_BALANCED_ACC_MEAN,
                new PlateauCriterion(Mode.MAX, 0.001, 3, 1), 2.5, 1e-6, 4096, Adjustment.BATCH_GROWTH,
                List.of(30, 60, 80), 90, new NoiseSchedule(0.5, 300, 1.5, false), Realisation.SCALE_OUT, 16), settings);
        assertTrue(settings.mayScaleOut());
    }

    @Test
    void theNoiseKindsNeedSynchronousRoundsNamingTheKey() {
        for (String kind : List.of("noise-scale", "noise-capped-growth")) {
            assertRefused("schedule.kind = " + kind + ", train.averaging-frequency = 4",
                    "train.averaging-frequency = 4 is invalid", "must be 1 with schedule.kind = " + kind);
            assertEquals(kind, ScheduleSettings.configName(settings("schedule.kind = " + kind).kind()));
        }
        assertEquals(ScheduleKind.BATCH_GROWTH,
                settings("schedule.kind = batch-growth, train.averaging-frequency = 4").kind(),
                "the other kinds average as often as they like");
    }

    @Test
    void theNoiseScaleKindSetsTheBatchPerWorkerSoItIsNotScaledOut() {
        assertRefused("schedule.kind = noise-scale, schedule.batch-growth.realise = scale-out",
                "schedule.batch-growth.realise = scale-out is invalid", "noise-capped-growth");
        assertTrue(settings("schedule.kind = noise-capped-growth, schedule.batch-growth.realise = scale-out")
                .mayScaleOut());
    }

    @Test
    void refusesNoiseSettingsOutOfRange() {
        assertRefused("schedule.noise.kappa = 0", "schedule.noise.kappa = 0.0 is invalid", "must be greater than 0");
        assertRefused("schedule.noise.min-change = 0.9", "schedule.noise.min-change = 0.9 is invalid",
                "must be at least 1");
        assertRefused("schedule.noise.warmup-rounds = -1", "schedule.noise.warmup-rounds = -1 is invalid");
    }

    @Test
    void refusesAnAlphaThatChangesNothing() {
        assertRefused("schedule.alpha = 1", "schedule.alpha = 1.0 is invalid", "must be greater than 1");
        assertRefused("schedule.alpha = 0.5", "schedule.alpha = 0.5 is invalid", "must be greater than 1");
    }

    @Test
    void refusesCountsAndThresholdsOutOfRange() {
        assertRefused("schedule.patience = 0", "schedule.patience = 0 is invalid", "must be between 1 and");
        assertRefused("schedule.cooldown = -1", "schedule.cooldown = -1 is invalid", "must be between 0 and");
        assertRefused("schedule.min-delta = -0.1", "schedule.min-delta = -0.1 is invalid", "must be at least 0");
        assertRefused("schedule.min-lr = 0", "schedule.min-lr = 0.0 is invalid", "must be greater than 0");
        assertRefused("schedule.max-global-batch = 0", "schedule.max-global-batch = 0 is invalid");
        assertRefused("train.epochs = 0", "train.epochs = 0 is invalid");
        assertRefused("cluster.scale-out.max-workers = -1", "cluster.scale-out.max-workers = -1 is invalid");
    }

    @Test
    void refusesUnknownNamesListingTheKnownOnes() {
        assertRefused("schedule.kind = cosine", "schedule.kind = \"cosine\" is invalid",
                "must be one of constant, lr-decay, batch-growth, fixed-steps, noise-scale, noise-capped-growth");
        assertRefused("schedule.monitor = val-auc", "must be one of val-loss, train-loss, val-acc-mean, val-balanced-acc-mean");
        assertRefused("schedule.batch-growth.realise = scale-sideways",
                "schedule.batch-growth.realise = \"scale-sideways\" is invalid", "must be one of scale-up, scale-out");
        assertRefused("schedule.step-action = stop", "schedule.step-action = \"stop\" is invalid",
                "must be one of lr-decay, batch-growth");
    }

    @Test
    void refusesAModeAgainstTheMetricsDirection() {
        assertRefused("schedule.monitor = val-acc-mean", "schedule.mode = min is invalid",
                "schedule.monitor = val-acc-mean improves in max mode");
        assertRefused("schedule.mode = max", "schedule.mode = max is invalid", "val-loss improves in min mode");
    }

    @Test
    void refusesMalformedSteps() {
        assertRefused("schedule.steps = [30, 30]", "schedule.steps = [30, 30] is invalid", "strictly increasing");
        assertRefused("schedule.steps = [0, 5]", "schedule.steps = [0, 5] is invalid", "numbered from 1");
        assertRefused("schedule.steps = [thirty]", "\"thirty\" is not one");
    }

    @Test
    void fixedStepsNeedStepsThatApplyWithinTheBudget() {
        assertRefused("schedule.kind = fixed-steps", "schedule.steps = [] is invalid", "at least one epoch");
        assertRefused("schedule.kind = fixed-steps, schedule.steps = [5, 10], train.epochs = 10",
                "schedule.steps = [5, 10] is invalid", "would only apply after the last epoch (train.epochs = 10)");
        assertEquals(List.of(5, 10), settings("schedule.steps = [5, 10], train.epochs = 10").steps(),
                "steps past the budget matter only to fixed-steps");
    }
}
