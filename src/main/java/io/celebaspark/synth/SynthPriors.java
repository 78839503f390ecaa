package io.celebaspark.synth;

/**
 * Positive rates of the three attributes the project's experiments train on. They are parameters, not
 * hard-wired, because the imbalance is part of what the experiments measure (Eyeglasses at ~6.5% makes
 * plain accuracy misleading) and a test or benchmark may want a balanced or a harsher variant.
 *
 * @param male       probability that an identity is male (CelebA: ~0.42)
 * @param smiling    probability that an image is smiling (CelebA: ~0.48)
 * @param eyeglasses probability that an image shows eyeglasses (CelebA: ~0.065)
 */
public record SynthPriors(double male, double smiling, double eyeglasses) {

    /** CelebA's own rates over the full release. */
    public static final SynthPriors CELEBA = new SynthPriors(0.42, 0.48, 0.065);

    public SynthPriors {
        check("male", male);
        check("smiling", smiling);
        check("eyeglasses", eyeglasses);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " prior must be in [0, 1], got " + p);
        }
    }
}
