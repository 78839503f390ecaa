package io.celebaspark.train;

import io.celebaspark.app.AppConfig;
import io.celebaspark.config.ConfigurationException;
import io.celebaspark.config.ScaleOutMode;
import io.celebaspark.config.ScaleOutSettings;
import io.celebaspark.train.control.Realisation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code schedule.batch-growth.realise} and {@code cluster.scale-out.*}, validated with the training settings. */
class ScaleOutSettingsTest {
    private static final Map<String, String> SCALE_OUT = Map.of("schedule.kind", "batch-growth",
            "schedule.batch-growth.realise", "scale-out", "train.workers", "2");

    private static TrainSettings load(Map<String, String> sets) {
        return AppConfig.load(null, sets).train();
    }

    private static Map<String, String> scaleOut(String... more) {
        Map<String, String> sets = new HashMap<>(SCALE_OUT);
        for (int i = 0; i < more.length; i += 2) {
            sets.put(more[i], more[i + 1]);
        }
        return sets;
    }

    private static String refusal(Map<String, String> sets) {
        return assertThrows(ConfigurationException.class, () -> load(sets)).getMessage();
    }

    @Test
    void theDefaultsScaleUpAndRequestExecutorsExplicitly() {
        TrainSettings s = load(Map.of());
        assertEquals(Realisation.SCALE_UP, s.schedule().realise());
        assertEquals(0, s.schedule().maxWorkers());
        assertEquals(new ScaleOutSettings(ScaleOutMode.EXPLICIT, 120), s.scaleOut());
        assertFalse(s.schedule().mayScaleOut());
    }

    @Test
    void readsEveryScaleOutKey() {
        TrainSettings s = load(scaleOut("cluster.scale-out.mode", "dynamic", "cluster.scale-out.max-workers", "8",
                "cluster.scale-out.ready-timeout-seconds", "30"));
        assertTrue(s.schedule().mayScaleOut());
        assertEquals(8, s.schedule().maxWorkers());
        assertEquals(new ScaleOutSettings(ScaleOutMode.DYNAMIC, 30), s.scaleOut());
        assertTrue(load(scaleOut("schedule.kind", "fixed-steps", "schedule.steps", "[1]",
                "schedule.step-action", "batch-growth")).schedule().mayScaleOut(), "a fixed step may grow the workers");
    }

    @Test
    void scaleOutNeedsAnInitialWorkerCount() {
        String message = refusal(scaleOut("train.workers", "0"));
        assertTrue(message.startsWith("train.workers = 0 is invalid"), message);
        assertTrue(message.contains("schedule.batch-growth.realise = scale-out grows the workers from train.workers"),
                message);
        assertEquals(0, load(Map.of("schedule.batch-growth.realise", "scale-out")).workers(),
                "an lr-decay run never grows the workers, so Spark's default parallelism is fine");
    }

    @Test
    void refusesACapBelowTheInitialWorkers() {
        String message = refusal(scaleOut("train.workers", "4", "cluster.scale-out.max-workers", "3"));
        assertTrue(message.startsWith("cluster.scale-out.max-workers = 3 is invalid"), message);
        assertTrue(message.contains("must be at least train.workers = 4"), message);
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertTrue(refusal(scaleOut("cluster.scale-out.mode", "magic")).contains(
                "cluster.scale-out.mode = \"magic\" is invalid"));
        assertTrue(refusal(scaleOut("cluster.scale-out.ready-timeout-seconds", "0")).contains(
                "cluster.scale-out.ready-timeout-seconds = 0 is invalid"));
        assertTrue(refusal(scaleOut("schedule.batch-growth.realise", "up")).contains(
                "must be one of scale-up, scale-out"));
    }
}
