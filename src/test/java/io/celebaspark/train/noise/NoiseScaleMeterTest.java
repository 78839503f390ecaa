package io.celebaspark.train.noise;

import com.typesafe.config.ConfigFactory;
import io.celebaspark.config.ConfigReader;
import io.celebaspark.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseScaleMeterTest {
    private static final long[] TWO_WORKERS = {16, 16};

    @Test
    void thePooledEstimateIsWithinItsStandardErrorsAndTheErrorIsCalibrated() {
        NoiseScaleMathTest.Problem problem = new NoiseScaleMathTest.Problem(7);
        SplittableRandom random = new SplittableRandom(11);
        NoiseScaleMeter meter = NoiseScaleMeter.start(10_000);
        List<Double> pooled = new ArrayList<>();
        double meanSe = 0;
        int epochs = 40;
        for (int e = 0; e < epochs; e++) {
            for (int r = 0; r < 300; r++) {
                meter.addRound(problem.round(TWO_WORKERS, random), null);
            }
            NoiseScaleEstimate estimate = meter.endEpoch().orElseThrow();
            assertEquals(300, estimate.rounds());
            assertNull(estimate.preconditionedNoiseScale());
            assertTrue(Math.abs(estimate.pooledNoiseScale() - 60) < 5 * estimate.standardError(),
                    "epoch " + e + ": " + estimate);
            pooled.add(estimate.pooledNoiseScale());
            meanSe += estimate.standardError() / epochs;
        }
        double mean = pooled.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double spread = Math.sqrt(pooled.stream().mapToDouble(p -> (p - mean) * (p - mean)).sum() / (epochs - 1));
        assertTrue(spread > 0.6 * meanSe && spread < 1.6 * meanSe,
                "the epochs' spread " + spread + " is what their standard error " + meanSe + " says");
    }

    @Test
    void theMovingAverageStartsAtTheFirstRoundAndForgetsOverItsHorizon() {
        NoiseScaleMeter meter = NoiseScaleMeter.start(64);
        RoundGradientNorms first = new RoundGradientNorms(TWO_WORKERS, new double[]{5, 7}, 3.5);
        meter.addRound(first, first);
        NoiseScaleMath.RoundStatistics stats = NoiseScaleMath.unbiased(first);
        NoiseScaleEstimate one = meter.endEpoch().orElseThrow();
        assertEquals(stats.gradientSquaredNorm(), one.gradientSquaredNorm(), 1e-12, "bias-corrected: no pull to 0");
        assertEquals(stats.traceCovariance(), one.traceCovariance(), 1e-9);
        assertEquals(stats.traceCovariance() / stats.gradientSquaredNorm(), one.noiseScale(), 1e-9);
        assertEquals(one.noiseScale(), one.preconditionedNoiseScale(), 1e-12);
        assertTrue(Double.isNaN(one.standardError()), "one round has no standard error");

        RoundGradientNorms later = new RoundGradientNorms(TWO_WORKERS, new double[]{2, 2.2}, 1.8);
        for (int r = 0; r < 40; r++) {
            meter.addRound(later, null);
        }
        NoiseScaleEstimate forgotten = meter.endEpoch().orElseThrow();
        // 40 rounds of 32 examples = 20 horizons: the first round weighs e^-20
        assertEquals(NoiseScaleMath.unbiased(later).gradientSquaredNorm(), forgotten.gradientSquaredNorm(), 1e-6);
        assertEquals(40, forgotten.rounds());
    }

    @Test
    void aHorizonFarLongerThanARoundStillAverages() {
        NoiseScaleMeter meter = NoiseScaleMeter.start(Long.MAX_VALUE);
        RoundGradientNorms round = new RoundGradientNorms(TWO_WORKERS, new double[]{5, 7}, 3.5);
        meter.addRound(round, null);
        meter.addRound(new RoundGradientNorms(TWO_WORKERS, new double[]{2, 2.2}, 1.8), null);
        double first = NoiseScaleMath.unbiased(round).gradientSquaredNorm();
        double second = NoiseScaleMath.unbiased(new RoundGradientNorms(TWO_WORKERS, new double[]{2, 2.2}, 1.8))
                .gradientSquaredNorm();
        assertEquals((first + second) / 2, meter.endEpoch().orElseThrow().gradientSquaredNorm(), 1e-9,
                "an endless horizon weighs every round equally");
    }

    @Test
    void aRestoredMeterContinuesExactly() {
        NoiseScaleMathTest.Problem problem = new NoiseScaleMathTest.Problem(1);
        SplittableRandom random = new SplittableRandom(2);
        List<RoundGradientNorms> rounds = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            rounds.add(problem.round(new long[]{8, 8, 5}, random));
        }
        NoiseScaleMeter original = NoiseScaleMeter.start(500);
        rounds.subList(0, 100).forEach(r -> original.addRound(r, r));
        original.endEpoch();
        String saved = original.saveState();
        NoiseScaleMeter restored = NoiseScaleMeter.restore(500, saved);
        assertEquals(saved, restored.saveState());
        rounds.subList(100, 200).forEach(r -> original.addRound(r, r));
        rounds.subList(100, 200).forEach(r -> restored.addRound(r, r));
        assertEquals(original.endEpoch(), restored.endEpoch());
    }

    @Test
    void nothingMeasuredIsNoEstimateAndBadStateIsRefused() {
        assertTrue(NoiseScaleMeter.start(100).endEpoch().isEmpty());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> NoiseScaleMeter.restore(100, "format=9\n"));
        assertTrue(format.getMessage().contains("format 9"), format.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NoiseScaleMeter.restore(100, "format=1\ngrad-sqr.biased=1\n"));
        assertTrue(missing.getMessage().contains("grad-sqr.weight"), missing.getMessage());
        NoiseScaleMeter midEpoch = NoiseScaleMeter.start(100);
        midEpoch.addRound(new RoundGradientNorms(TWO_WORKERS, new double[]{1, 1}, 1), null);
        assertThrows(IllegalStateException.class, midEpoch::saveState);
    }

    @Test
    void theHorizonIsHalfAnEpochUnlessSetAndANegativeOneNamesTheKey() {
        assertEquals(2280, read("train.noise-scale.ema-horizon-examples = 0").horizonFor(4560));
        assertEquals(1000, read("train.noise-scale.ema-horizon-examples = 1000").horizonFor(4560));
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> read("train.noise-scale.ema-horizon-examples = -5"));
        assertTrue(bad.getMessage().contains("train.noise-scale.ema-horizon-examples"), bad.getMessage());
    }

    private static NoiseScaleSettings read(String config) {
        return NoiseScaleSettings.from(new ConfigReader(ConfigFactory.parseString(config)));
    }
}
