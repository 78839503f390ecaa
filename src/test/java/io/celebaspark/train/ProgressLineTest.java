package io.celebaspark.train;

import io.celebaspark.metrics.Evaluation;
import io.celebaspark.metrics.LabelMetrics;
import io.celebaspark.train.control.ControllerEvent;
import io.celebaspark.train.control.Decision;
import io.celebaspark.train.control.TrainingState;
import io.celebaspark.train.noise.NoiseScaleEstimate;
import io.celebaspark.train.spark.EpochFit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {
    private static EpochReport report(int epoch, boolean stop, int bestEpoch, List<ControllerEvent> events) {
        Evaluation val = new Evaluation("val", 100, 0.41234, List.of(
                new LabelMetrics("Male", 100, 40, 0.9, 0.85, 0.8, 0.9, 0.85, 0.95),
                new LabelMetrics("Eyeglasses", 100, 5, 0.96, 0.6, 0.5, 0.2, 0.29, 0.9)));
        TrainingState state = new TrainingState(epoch, 32, 2, 5e-4);
        return new EpochReport(epoch, 10, state, new EpochFit(0.5, 4000, 63, 80), val, 63L * epoch, 4000L * epoch,
                90, new Decision(state, events, false, stop), bestEpoch, 0.41, Instant.EPOCH, null);
    }

    @Test
    void oneLinePerEpochWithEverythingAWatcherWants() {
        assertEquals("epoch 3/10  B 64 (32 x 2)  lr 5.0e-04  train loss 0.5000  val loss 0.4123  val acc 0.9300  bal acc"
                        + " 0.7250  50 ex/s  1 m 30 s  *best*  ETA 10 m 30 s",
                ProgressLine.format(report(3, false, 3, List.of()), 90));
    }

    @Test
    void noTimeLeftOnceTheControllerStops() {
        assertEquals(true, ProgressLine.format(report(4, true, 3, List.of()), 90).endsWith("1 m 30 s  ETA 0 s"));
    }

    @Test
    void decisionsFollowTheirEpochLine() {
        List<String> lines = new ArrayList<>();
        ProgressLine progress = new ProgressLine(lines::add);
        progress.onEpochEnded(report(2, false, 1, List.of(new ControllerEvent(2, ControllerEvent.Kind.LR_DECAYED,
                1e-3, 5e-4, "plateau at epoch 2: learning rate / alpha = 2.0"))));
        assertEquals(2, lines.size());
        assertEquals("  LR_DECAYED: plateau at epoch 2: learning rate / alpha = 2.0", lines.get(1));
    }

    @Test
    void theNoiseScaleEndsTheLineWhenMeasured() {
        EpochReport plain = report(3, false, 3, List.of());
        EpochFit fit = plain.fit();
        EpochReport measured = new EpochReport(3, 10, plain.state(), new EpochFit(fit.trainLoss(), fit.examples(),
                fit.updates(), fit.seconds(), null, new NoiseScaleEstimate(290.4, 312.6, 24.8, 63, 0.02, 5.8, 1200.0), "x"),
                plain.validation(), plain.updates(), plain.examplesSeen(), plain.seconds(), plain.decision(),
                plain.bestEpoch(), plain.bestValue(), plain.at(), null);
        assertEquals(ProgressLine.format(plain, 90) + "  B_noise 313 ± 25 (EMA 290)", ProgressLine.format(measured, 90));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("42 s", ProgressLine.duration(42.2));
        assertEquals("2 m 05 s", ProgressLine.duration(125));
        assertEquals("3 h 20 m", ProgressLine.duration(12_000));
    }
}
