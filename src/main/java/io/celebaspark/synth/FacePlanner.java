package io.celebaspark.synth;

import io.celebaspark.synth.FaceTraits.Beard;
import io.celebaspark.synth.FaceTraits.FrameShape;
import io.celebaspark.synth.FaceTraits.Glasses;
import io.celebaspark.synth.FaceTraits.HairColour;
import io.celebaspark.synth.FaceTraits.HairStyle;

import java.util.SplittableRandom;

/**
 * Samples identities and per-image variation with CelebA-like rates and correlations (lipstick mostly on
 * women, gray hair mostly on older people, high cheekbones mostly with a smile, ...). Kept apart from the
 * renderer so that the statistics of the labels can be read and changed in one place, and from the file
 * writer so that it stays a pure function of its random stream.
 */
final class FacePlanner {

    /** Probability that a glasses wearer has glasses on in a given photo. */
    static final double WEARER_GLASSES_RATE = 0.85;
    /** Share of glasses images that come from habitual wearers; the rest are one-off photos. */
    private static final double WEARER_SHARE_OF_GLASSES = 0.77;

    private FacePlanner() {
    }

    /** Fraction of identities to mark as habitual glasses wearers so that images reach {@code eyeglasses}. */
    static double wearerFraction(double eyeglasses) {
        return WEARER_SHARE_OF_GLASSES * eyeglasses / wearerRate(eyeglasses);
    }

    private static double wearerRate(double eyeglasses) {
        return Math.max(WEARER_GLASSES_RATE, eyeglasses);
    }

    /** Per-image glasses probability for identities that are not habitual wearers. */
    static double occasionalGlassesRate(double eyeglasses) {
        double w = wearerFraction(eyeglasses);
        return w >= 1 ? 0 : Math.min(1, (eyeglasses - w * wearerRate(eyeglasses)) / (1 - w));
    }

    static FaceTraits traits(int identity, boolean male, boolean glassesWearer, SplittableRandom r) {
        boolean young = chance(r, male ? 0.72 : 0.82);
        boolean pale = chance(r, 0.045);
        int skin = pale ? jitter(r, rgb(250, 228, 214), 6) : skinTone(r);

        HairColour hc = hairColour(r, male, young);
        HairStyle hs = hairStyle(r, male);
        boolean bald = hs == HairStyle.BALD;
        boolean receding = !bald && chance(r, male ? (young ? 0.07 : 0.35) : 0.02);
        boolean bangs = !bald && !receding && chance(r, male ? 0.07 : 0.26);

        boolean chubby = chance(r, male ? 0.09 : 0.04);
        double halfWidth = clamp(gauss(r, male ? 49 : 46, 2.5), 41, 55) + (chubby ? 5 : 0);
        double jaw = clamp(gauss(r, male ? 0.82 : 0.70, 0.06), 0.55, 0.95);
        boolean doubleChin = chance(r, chubby ? 0.5 : (young ? 0.01 : 0.08));

        Beard beard = male ? pickBeard(r) : Beard.NONE;
        boolean sideburns = male && !bald && chance(r, 0.13);
        boolean makeup = chance(r, male ? 0.01 : 0.8);
        boolean attractive = chance(r, young ? (male ? 0.45 : 0.72) : 0.2);

        return new FaceTraits(identity, male, young, skin, pale, hc, hairRgb(r, hc), hs, receding, bangs,
                halfWidth, jaw, chubby, doubleChin,
                chance(r, male ? 0.35 : 0.12), chance(r, 0.28), chance(r, male ? 0.18 : 0.3),
                chance(r, male ? 0.25 : 0.05), chance(r, male ? 0.04 : 0.45), chance(r, 0.115),
                irisColour(r), beard, sideburns, glassesWearer, glasses(r), makeup, lipstickColour(r),
                rgb(r.nextInt(20, 230), r.nextInt(20, 230), r.nextInt(20, 230)), chance(r, 0.28), attractive);
    }

    static FaceSpec spec(FaceTraits t, SynthPriors priors, SplittableRandom r) {
        boolean smiling = chance(r, priors.smiling());
        double smile;
        if (smiling) {
            smile = chance(r, 0.2) ? r.nextDouble(0.12, 0.35) : r.nextDouble(0.35, 1.0);
        } else {
            smile = r.nextDouble(-0.3, 0.18);
        }
        boolean mouthOpen = chance(r, smiling ? 0.7 : 0.25);
        boolean teeth = mouthOpen && chance(r, smiling ? 0.85 : 0.2);
        double glassesRate = t.glassesWearer() ? wearerRate(priors.eyeglasses())
                : occasionalGlassesRate(priors.eyeglasses());
        boolean glasses = chance(r, glassesRate);
        boolean hat = chance(r, 0.048);
        boolean female = !t.male();
        boolean lipstick = t.makeupWearer() ? chance(r, 0.93) : chance(r, female ? 0.05 : 0.0);
        boolean heavyMakeup = lipstick && female && chance(r, 0.7);
        int blur = chance(r, 0.85) ? 0 : chance(r, 0.65) ? 1 : r.nextInt(2, 4);
        return new FaceSpec(t, smiling, smile, mouthOpen, teeth, glasses, hat,
                rgb(r.nextInt(10, 240), r.nextInt(10, 240), r.nextInt(10, 240)),
                lipstick, heavyMakeup, chance(r, female ? 0.09 : 0.03), chance(r, smiling ? 0.75 : 0.15),
                chance(r, female ? 0.32 : 0.01), chance(r, female ? 0.18 : 0.02), chance(r, female ? 0.0 : 0.16),
                chance(r, t.young() ? 0.12 : 0.45),
                Math.toRadians(clamp(gauss(r, 0, 5), -12, 12)),
                clamp(gauss(r, 0, 3), -8, 8), clamp(gauss(r, 0, 3), -8, 8), r.nextDouble(0.87, 1.15),
                r.nextDouble(0, 2 * Math.PI), r.nextDouble(0, 0.35), r.nextDouble(0.75, 1.2),
                r.nextDouble(-25, 25),
                background(r), background(r),
                chance(r, 0.3) ? 0 : r.nextDouble(1, 8), blur, r.nextInt(60, 96), r.nextLong());
    }

    private static int skinTone(SplittableRandom r) {
        int[] stops = {rgb(255, 224, 196), rgb(236, 192, 160), rgb(200, 142, 102), rgb(141, 85, 54),
                rgb(92, 58, 38)};
        double u = r.nextDouble();
        double t = u < 0.6 ? r.nextDouble(0, 0.3) : u < 0.85 ? r.nextDouble(0.3, 0.55) : r.nextDouble(0.55, 1.0);
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        return jitter(r, lerp(stops[i], stops[i + 1], pos - i), 8);
    }

    private static HairColour hairColour(SplittableRandom r, boolean male, boolean young) {
        if (!young && chance(r, 0.22)) {
            return HairColour.GRAY;
        }
        double u = r.nextDouble();
        if (male) {
            return u < 0.35 ? HairColour.BLACK : u < 0.65 ? HairColour.BROWN : u < 0.73 ? HairColour.BLOND
                    : HairColour.OTHER;
        }
        return u < 0.25 ? HairColour.BLACK : u < 0.5 ? HairColour.BROWN : u < 0.78 ? HairColour.BLOND
                : HairColour.OTHER;
    }

    private static int hairRgb(SplittableRandom r, HairColour c) {
        return switch (c) {
            case BLACK -> jitter(r, rgb(28, 24, 22), 8);
            case BROWN -> lerp(rgb(70, 45, 28), rgb(130, 88, 55), r.nextDouble());
            case BLOND -> lerp(rgb(190, 150, 90), rgb(240, 215, 160), r.nextDouble());
            case GRAY -> lerp(rgb(140, 138, 135), rgb(225, 225, 222), r.nextDouble());
            case OTHER -> chance(r, 0.5) ? jitter(r, rgb(150, 65, 35), 15) : jitter(r, rgb(55, 38, 28), 8);
        };
    }

    private static HairStyle hairStyle(SplittableRandom r, boolean male) {
        double u = r.nextDouble();
        if (male) {
            return u < 0.78 ? HairStyle.SHORT : u < 0.84 ? HairStyle.BALD : u < 0.94 ? HairStyle.MEDIUM_WAVY
                    : HairStyle.LONG_STRAIGHT;
        }
        return u < 0.38 ? HairStyle.LONG_STRAIGHT : u < 0.80 ? HairStyle.LONG_WAVY : u < 0.94
                ? HairStyle.MEDIUM_WAVY : HairStyle.SHORT;
    }

    private static Beard pickBeard(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.45 ? Beard.NONE : u < 0.69 ? Beard.STUBBLE : u < 0.76 ? Beard.MUSTACHE : u < 0.88
                ? Beard.GOATEE : Beard.FULL;
    }

    private static int irisColour(SplittableRandom r) {
        int[] c = {rgb(70, 45, 25), rgb(40, 28, 20), rgb(70, 110, 150), rgb(80, 110, 70), rgb(110, 85, 50)};
        return c[r.nextInt(c.length)];
    }

    private static Glasses glasses(SplittableRandom r) {
        FrameShape shape = FrameShape.values()[r.nextInt(FrameShape.values().length)];
        double u = r.nextDouble();
        int colour;
        float stroke;
        if (u < 0.4) {
            colour = jitter(r, rgb(20, 20, 22), 6);
            stroke = (float) r.nextDouble(1.6, 3.6);
        } else if (u < 0.6) {
            colour = jitter(r, rgb(85, 50, 30), 12);
            stroke = (float) r.nextDouble(1.6, 3.2);
        } else if (u < 0.75) {
            colour = jitter(r, rgb(190, 160, 80), 15);
            stroke = (float) r.nextDouble(1.0, 1.8);
        } else if (u < 0.9) {
            colour = jitter(r, rgb(175, 175, 180), 15);
            stroke = (float) r.nextDouble(1.0, 1.8);
        } else {
            colour = rgb(r.nextInt(20, 240), r.nextInt(20, 240), r.nextInt(20, 240));
            stroke = (float) r.nextDouble(1.4, 3.0);
        }
        double w = r.nextDouble(11, 15);
        double h = shape == FrameShape.OVAL ? w * r.nextDouble(0.55, 0.7) : w * r.nextDouble(0.7, 0.9);
        return new Glasses(shape, colour, stroke, w, h, chance(r, 0.12));
    }

    private static int lipstickColour(SplittableRandom r) {
        int[] c = {rgb(190, 30, 45), rgb(215, 90, 120), rgb(140, 20, 40), rgb(220, 100, 80), rgb(185, 105, 100)};
        return jitter(r, c[r.nextInt(c.length)], 10);
    }

    private static int background(SplittableRandom r) {
        if (chance(r, 0.5)) {
            int v = r.nextInt(30, 235);
            return jitter(r, rgb(v, v, v), 20);
        }
        return rgb(r.nextInt(0, 256), r.nextInt(0, 256), r.nextInt(0, 256));
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    private static double gauss(SplittableRandom r, double mean, double sd) {
        return mean + sd * r.nextGaussian();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static int rgb(int red, int green, int blue) {
        return (clampByte(red) << 16) | (clampByte(green) << 8) | clampByte(blue);
    }

    static int clampByte(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static int jitter(SplittableRandom r, int rgb, int amount) {
        return rgb((rgb >> 16 & 255) + r.nextInt(-amount, amount + 1), (rgb >> 8 & 255) + r.nextInt(-amount, amount + 1),
                (rgb & 255) + r.nextInt(-amount, amount + 1));
    }

    static int lerp(int a, int b, double t) {
        return rgb((int) Math.round((a >> 16 & 255) * (1 - t) + (b >> 16 & 255) * t),
                (int) Math.round((a >> 8 & 255) * (1 - t) + (b >> 8 & 255) * t),
                (int) Math.round((a & 255) * (1 - t) + (b & 255) * t));
    }
}
