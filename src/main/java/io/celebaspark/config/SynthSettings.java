package io.celebaspark.config;

/**
 * Size and seed of a synthetic CelebA: the pair fully determines the files written.
 *
 * @param count images to draw
 * @param seed  generator seed
 */
public record SynthSettings(int count, long seed) {
    public static SynthSettings from(ConfigReader r) {
        return new SynthSettings(r.intIn("synth.count", 1, 10_000_000), r.longIn("synth.seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
