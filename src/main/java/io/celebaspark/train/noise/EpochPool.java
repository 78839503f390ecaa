package io.celebaspark.train.noise;

import java.util.ArrayList;
import java.util.List;

/**
 * An epoch's rounds pooled into one noise scale: the mean of the rounds' unbiased tr(Σ) over the mean of
 * their unbiased |G|², which needs no horizon and is far less noisy than a round (with two workers a round
 * has one degree of freedom). Its standard error comes from batch means: the rounds are cut into up to
 * {@value #BATCHES} consecutive batches, and the spread of the ratio's linearised residuals
 * tr(Σ)_j − R·|G|²_j between batches, divided by |G|², gives the error of R (the delta method for a ratio;
 * consecutive batches absorb the rounds' correlation through the slowly moving parameters).
 */
final class EpochPool {
    static final int BATCHES = 10;

    private final List<NoiseScaleMath.RoundStatistics> rounds = new ArrayList<>();

    void add(NoiseScaleMath.RoundStatistics round) {
        rounds.add(round);
    }

    int rounds() {
        return rounds.size();
    }

    double gradientSquaredNorm() {
        return mean(0, rounds.size(), true);
    }

    double traceCovariance() {
        return mean(0, rounds.size(), false);
    }

    double noiseScale() {
        return NoiseScaleMath.noiseScale(gradientSquaredNorm(), traceCovariance());
    }

    /** Batch-means standard error of {@link #noiseScale()}; NaN with fewer than two rounds or no positive |G|². */
    double standardError() {
        int n = rounds.size();
        int batches = Math.min(BATCHES, n);
        double gradient = gradientSquaredNorm();
        if (batches < 2 || !(gradient > 0)) {
            return Double.NaN;
        }
        double ratio = traceCovariance() / gradient;
        double[] residuals = new double[batches];
        double mean = 0;
        for (int j = 0; j < batches; j++) {
            int from = (int) ((long) j * n / batches);
            int to = (int) ((long) (j + 1) * n / batches);
            residuals[j] = mean(from, to, false) - ratio * mean(from, to, true);
            mean += residuals[j] / batches;
        }
        double squares = 0;
        for (double r : residuals) {
            squares += (r - mean) * (r - mean);
        }
        return Math.sqrt(squares / (batches - 1) / batches) / gradient;
    }

    private double mean(int from, int to, boolean gradient) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            NoiseScaleMath.RoundStatistics r = rounds.get(i);
            sum += gradient ? r.gradientSquaredNorm() : r.traceCovariance();
        }
        return to > from ? sum / (to - from) : Double.NaN;
    }
}
