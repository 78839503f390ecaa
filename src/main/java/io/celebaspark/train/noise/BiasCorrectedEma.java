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

    /** Adds {@code value}, decaying what came before by {@code decay} in (0, 1). */
    void add(double value, double decay) {
        biased = decay * biased + (1 - decay) * value;
        weight = decay * weight + (1 - decay);
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
