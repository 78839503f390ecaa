package io.celebaspark.train;

import io.celebaspark.app.AppConfig;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.train.control.ScheduleKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainSettingsTest {
    private static TrainSettings load(Map<String, String> sets) {
        return AppConfig.load(null, sets).train();
    }

    private static void assertRefused(Map<String, String> sets, String... fragments) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(sets));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void defaultsAreTheReferenceStudy() {
        TrainSettings s = load(Map.of());
        assertEquals(List.of("Male", "Smiling", "Eyeglasses"), s.labels());
        assertEquals("compact", s.architecture());
        assertEquals(Optimizer.ADAM, s.optimizer());
        assertEquals(1e-3, s.learningRate());
        assertEquals(ScheduleKind.LR_DECAY, s.schedule().kind());
        assertEquals(2.0, s.schedule().alpha());
        assertEquals(DivergencePolicy.FAIL, s.onDivergence());
        assertEquals("", s.experiment());
        assertEquals("", s.arm());
        assertEquals("", s.gridPoint());
        assertTrue(s.fastBatchNorm());
        assertTrue(s.modelSpec(64, 64, 3).fastBatchNorm());
    }

    @Test
    void theStockBatchNormPathIsOneKeyAway() {
        assertFalse(load(Map.of("train.fast-batchnorm", "false")).modelSpec(64, 64, 3).fastBatchNorm());
        assertRefused(Map.of("train.fast-batchnorm", "sometimes"), "train.fast-batchnorm", "true or false");
    }

    @Test
    void theReluIsFusedByDefaultAndItsOwnLayerOneKeyAway() {
        assertTrue(load(Map.of()).fusedRelu());
        assertTrue(load(Map.of()).modelSpec(64, 64, 3).fusedRelu());
        assertFalse(load(Map.of("train.fused-relu", "false")).modelSpec(64, 64, 3).fusedRelu());
        assertTrue(load(Map.of("train.fused-relu", "false")).modelSpec(64, 64, 3).fastBatchNorm(),
                "BatchNorm stays fast");
        assertRefused(Map.of("train.fused-relu", "maybe"), "train.fused-relu", "true or false");
    }

    @Test
    void readsTheDesignKeys() {
        TrainSettings s = load(Map.of("train.optimizer", "sgd-momentum", "train.learning-rate", "0.05",
                "train.batch-per-worker", "16", "train.averaging-frequency", "3", "train.labels", "[Male]",
                "train.architecture", "levi-hassner", "schedule.kind", "batch-growth", "schedule.alpha", "5",
                "train.epochs", "7", "train.on-divergence", "rollback"));
        assertEquals(Optimizer.SGD_MOMENTUM, s.optimizer());
        assertEquals(0.05, s.learningRate());
        assertEquals(16, s.batchPerWorker());
        assertEquals(3, s.averagingFrequency());
        assertEquals(List.of("Male"), s.labels());
        assertEquals("levi-hassner", s.architecture());
        assertEquals(ScheduleKind.BATCH_GROWTH, s.schedule().kind());
        assertEquals(5.0, s.schedule().alpha());
        assertEquals(7, s.schedule().epochBudget());
        assertEquals(DivergencePolicy.ROLLBACK, s.onDivergence());
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertRefused(Map.of("train.optimizer", "rmsprop"), "train.optimizer = \"rmsprop\" is invalid",
                "adam, sgd-momentum");
        assertRefused(Map.of("train.architecture", "resnet"), "train.architecture", "compact, levi-hassner");
        assertRefused(Map.of("train.labels", "[]"), "train.labels", "at least one");
        assertRefused(Map.of("train.batch-per-worker", "0"), "train.batch-per-worker = 0 is invalid");
        assertRefused(Map.of("train.dropout", "1"), "train.dropout = 1");
        assertRefused(Map.of("train.learning-rate", "1e-7"), "train.learning-rate", "schedule.min-lr");
        assertRefused(Map.of("train.on-divergence", "ignore"), "train.on-divergence", "fail, rollback");
    }

    @Test
    void theAveragingRoundReusesWorkersUnlessSwitchedBackToStock() {
        assertTrue(load(Map.of()).averaging("file:/tmp/scratch").reuseWorkers());
        assertFalse(load(Map.of("train.spark.reuse-workers", "false")).averaging("file:/tmp/scratch").reuseWorkers());
        assertRefused(Map.of("train.spark.reuse-workers", "maybe"), "train.spark.reuse-workers");
        assertRefused(Map.of("train.spark.reuse-worker", "false"), "train.spark.reuse-worker",
                "train.spark.reuse-workers");
    }

    @Test
    void anUnknownTrainKeyGetsADidYouMean() {
        assertRefused(Map.of("train.learning-rat", "0.1"), "train.learning-rat", "train.learning-rate");
    }
}
