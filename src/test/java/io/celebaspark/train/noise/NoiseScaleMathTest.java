package io.celebaspark.train.noise;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimators on simulated gradients with a known |G|² and tr(Σ): per-example gradients G + ε with
 * ε ~ N(0, diag(σ²)), so a worker's gradient over b examples is G + N(0, σ²/b) in every coordinate, drawn
 * exactly. Over many rounds the estimates' means must be within a few standard errors of the truth: the
 * estimators are unbiased, the harmonic form for unequal batches included.
 */
public class NoiseScaleMathTest {
    private static final int DIMENSIONS = 100;
    private static final int ROUNDS = 4_000;

    /** A problem with |G|² = 1 and tr(Σ) = 60 (B_noise = 60), its coordinates spread unevenly. */
    static final class Problem {
        final double[] gradient = new double[DIMENSIONS];
        final double[] sigma = new double[DIMENSIONS];
        final double gradientSquaredNorm;
        final double traceCovariance;

        Problem(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double g2 = 0;
            double trace = 0;
            for (int k = 0; k < DIMENSIONS; k++) {
                gradient[k] = random.nextDouble(-1, 1);
                sigma[k] = random.nextDouble(0.1, 1);
                g2 += gradient[k] * gradient[k];
                trace += sigma[k] * sigma[k];
            }
            double gScale = 1 / Math.sqrt(g2);
            double sScale = Math.sqrt(60 / trace);
            for (int k = 0; k < DIMENSIONS; k++) {
                gradient[k] *= gScale;
                sigma[k] *= sScale;
            }
            gradientSquaredNorm = 1;
            traceCovariance = 60;
        }

        /** One round: each worker's gradient over its batch, and the example-weighted mean's norm. */
        RoundGradientNorms round(long[] batches, SplittableRandom random) {
            double[] norms = new double[batches.length];
            double[] mean = new double[DIMENSIONS];
            long examples = 0;
            for (long b : batches) {
                examples += b;
            }
            for (int i = 0; i < batches.length; i++) {
                double sd = 1 / Math.sqrt(batches[i]);
                for (int k = 0; k < DIMENSIONS; k++) {
                    double g = gradient[k] + sigma[k] * sd * gaussian(random);
                    norms[i] += g * g;
                    mean[k] += g * batches[i] / examples;
                }
            }
            double meanNorm = 0;
            for (double m : mean) {
                meanNorm += m * m;
            }
            return new RoundGradientNorms(batches, norms, meanNorm);
        }
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static Stream<Arguments> batches() {
        return Stream.of(Arguments.of((Object) new long[]{8, 8}), Arguments.of((Object) new long[]{32, 32}),
                Arguments.of((Object) new long[]{8, 8, 8, 8}), Arguments.of((Object) new long[]{32, 32, 32, 32}),
                Arguments.of((Object) new long[]{8, 8, 8, 8, 8, 8, 8, 8}),
                Arguments.of((Object) new long[]{32, 32, 32, 32, 32, 32, 32, 32}),
                Arguments.of((Object) new long[]{32, 5}), Arguments.of((Object) new long[]{5, 8, 13, 32}));
    }

    @ParameterizedTest
    @MethodSource("batches")
    void theRoundEstimatesAreUnbiased(long[] batches) {
        Problem problem = new Problem(3);
        SplittableRandom random = new SplittableRandom(batches.length * 1000L + batches[batches.length - 1]);
        double[] g = new double[ROUNDS];
        double[] s = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            NoiseScaleMath.RoundStatistics stats = NoiseScaleMath.unbiased(problem.round(batches, random));
            g[r] = stats.gradientSquaredNorm();
            s[r] = stats.traceCovariance();
        }
        assertWithinStandardErrors(problem.gradientSquaredNorm, g, "|G|^2");
        assertWithinStandardErrors(problem.traceCovariance, s, "tr(Sigma)");
    }

    /** The simulation itself: the big batch's squared norm is McCandlish's E|g_B|² = |G|² + tr(Σ)/B. */
    @Test
    void theSimulatedBigBatchNormHasTheExpectedBias() {
        Problem problem = new Problem(3);
        SplittableRandom random = new SplittableRandom(5);
        double[] big = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            big[r] = problem.round(new long[]{8, 8}, random).meanSquaredNorm();
        }
        double mean = Arrays.stream(big).average().orElseThrow();
        assertEquals(1 + 60.0 / 16, mean, 0.1, "E|g_B|^2 = |G|^2 + tr(Sigma)/B");
    }

    @Test
    void equalBatchesGiveMcCandlishsFormulas() {
        RoundGradientNorms round = new RoundGradientNorms(new long[]{16, 16, 16}, new double[]{5, 7, 6}, 3);
        NoiseScaleMath.RoundStatistics stats = NoiseScaleMath.unbiased(round);
        double bSmall = 16;
        double bBig = 48;
        assertEquals((bBig * 3 - bSmall * 6) / (bBig - bSmall), stats.gradientSquaredNorm(), 1e-12);
        assertEquals((6 - 3) / (1 / bSmall - 1 / bBig), stats.traceCovariance(), 1e-9);
        assertEquals(48, stats.examples());
    }

    @Test
    void aNoiseScaleIsUnboundedWithoutAPositiveGradientAndClampsTheTrace() {
        assertEquals(Double.POSITIVE_INFINITY, NoiseScaleMath.noiseScale(-0.1, 5));
        assertEquals(Double.POSITIVE_INFINITY, NoiseScaleMath.noiseScale(0, 5));
        assertEquals(NoiseScaleMath.MIN_TRACE / 2, NoiseScaleMath.noiseScale(2, -3), 1e-30);
        assertEquals(30, NoiseScaleMath.noiseScale(2, 60), 1e-12);
    }

    @Test
    void aRoundNeedsTwoWorkersAndMatchingSizes() {
        assertThrows(IllegalArgumentException.class, () -> new RoundGradientNorms(new long[]{8}, new double[]{1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundGradientNorms(new long[]{8, 8}, new double[]{1}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RoundGradientNorms(new long[]{8, 0}, new double[]{1, 1}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RoundGradientNorms(new long[]{8, 8}, new double[]{1, Double.NaN}, 1));
        assertTrue(new RoundGradientNorms(new long[]{8, 8}, new double[]{1, 2}, 1).equalBatches());
        assertEquals(13, new RoundGradientNorms(new long[]{8, 5}, new double[]{1, 2}, 1).examples());
    }

    /**
     * The samples' mean is within 4 standard errors of {@code truth}, and the standard error is below a quarter
     * of it (enough samples for the check to be able to fail).
     */
    public static void assertWithinStandardErrors(double truth, double[] samples, String what) {
        double mean = 0;
        for (double x : samples) {
            mean += x / samples.length;
        }
        double squares = 0;
        for (double x : samples) {
            squares += (x - mean) * (x - mean);
        }
        double se = Math.sqrt(squares / (samples.length - 1) / samples.length);
        assertTrue(Math.abs(mean - truth) < 4 * se, what + ": mean " + mean + " vs truth " + truth + " (SE " + se + ")");
        assertTrue(se < 0.25 * Math.abs(truth), what + ": enough rounds to be a test (SE " + se + ")");
    }
}
