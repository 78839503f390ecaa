package io.celebaspark.train.noise;

/**
 * An exponential moving average with AdaptDL's bias correction ({@code _update_avg}): the average divided by
 * the weight its observations carry, so the first value is the first observation instead of a value pulled
 * towards zero. Each observation brings its own decay, so a horizon can be counted in examples rather than
 * in steps. Its state is two numbers, stored exactly by the meter's checkpoint text.
 */
final class BiasCorrectedEma {
    private double biased;
    private double weight;

    BiasCorrectedEma(double biased, double weight) {
        this.biased = biased;
        this.weight = weight;
    }

    /**
     * Adds {@code value} for {@code examples} examples: what came before decays by exp(−examples/horizon). The
     * new value's weight 1 − exp(−x) is computed as {@code -expm1(-x)}, which stays exact for horizons far
     * longer than a round (where 1 − exp(−x) would round to 0 and nothing would ever be averaged).
     */
    void add(double value, double examples, double horizon) {
        double fresh = -Math.expm1(-examples / horizon);
        biased = (1 - fresh) * biased + fresh * value;
        weight = (1 - fresh) * weight + fresh;
    }

    /** The bias-corrected average; NaN before the first observation. */
    double value() {
        return weight > 0 ? biased / weight : Double.NaN;
    }

    boolean isEmpty() {
        return weight == 0;
    }

    double biased() {
        return biased;
    }

    double weight() {
        return weight;
    }
}
