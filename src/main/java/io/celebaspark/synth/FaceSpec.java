package io.celebaspark.synth;

import io.celebaspark.data.CelebaAttributes;

/**
 * Everything needed to draw one image and to label it: the identity's {@link FaceTraits} plus what varies
 * per photo (expression, accessories, pose, light, background, degradation, JPEG quality). The labels are a
 * pure function of this record ({@link #attributeBits()}), so the annotation files and the pixels can never
 * disagree, and an image can be re-rendered from its spec alone.
 */
public record FaceSpec(
        FaceTraits traits,
        boolean smiling,
        double smile,
        boolean mouthOpen,
        boolean teeth,
        boolean eyeglasses,
        boolean hat,
        int hatRgb,
        boolean lipstick,
        boolean heavyMakeup,
        boolean rosyCheeks,
        boolean highCheekbones,
        boolean earrings,
        boolean necklace,
        boolean necktie,
        boolean bagsUnderEyes,
        double angle,
        double dx,
        double dy,
        double scale,
        double lightAngle,
        double lightStrength,
        double contrast,
        double brightness,
        int background1,
        int background2,
        double noise,
        int blurRadius,
        int jpegQuality,
        long renderSeed) {

    /** Blur radius from which an image is labelled Blurry. */
    static final int BLURRY_RADIUS = 2;

    /** The 40 CelebA attributes of this image, bit {@code i} meaning {@code CelebaAttributes.NAMES.get(i)}. */
    public long attributeBits() {
        FaceTraits t = traits;
        FaceTraits.Beard b = t.beard();
        FaceTraits.HairStyle hs = t.hairStyle();
        boolean[] a = new boolean[CelebaAttributes.COUNT];
        a[A.FIVE_O_CLOCK] = b == FaceTraits.Beard.STUBBLE;
        a[A.ARCHED] = t.archedBrows();
        a[A.ATTRACTIVE] = t.attractive();
        a[A.BAGS] = bagsUnderEyes;
        a[A.BALD] = hs == FaceTraits.HairStyle.BALD;
        a[A.BANGS] = t.bangs() && !hat && hs != FaceTraits.HairStyle.BALD;
        a[A.BIG_LIPS] = t.bigLips();
        a[A.BIG_NOSE] = t.bigNose();
        boolean hairVisible = hs != FaceTraits.HairStyle.BALD;
        a[A.BLACK_HAIR] = hairVisible && t.hairColour() == FaceTraits.HairColour.BLACK;
        a[A.BLOND_HAIR] = hairVisible && t.hairColour() == FaceTraits.HairColour.BLOND;
        a[A.BLURRY] = blurRadius >= BLURRY_RADIUS;
        a[A.BROWN_HAIR] = hairVisible && t.hairColour() == FaceTraits.HairColour.BROWN;
        a[A.BUSHY] = t.bushyBrows();
        a[A.CHUBBY] = t.chubby();
        a[A.DOUBLE_CHIN] = t.doubleChin();
        a[A.EYEGLASSES] = eyeglasses;
        a[A.GOATEE] = b == FaceTraits.Beard.GOATEE;
        a[A.GRAY_HAIR] = hairVisible && t.hairColour() == FaceTraits.HairColour.GRAY;
        a[A.HEAVY_MAKEUP] = heavyMakeup;
        a[A.HIGH_CHEEKBONES] = highCheekbones;
        a[A.MALE] = t.male();
        a[A.MOUTH_OPEN] = mouthOpen;
        a[A.MUSTACHE] = b == FaceTraits.Beard.MUSTACHE || b == FaceTraits.Beard.FULL;
        a[A.NARROW_EYES] = t.narrowEyes();
        a[A.NO_BEARD] = b == FaceTraits.Beard.NONE || b == FaceTraits.Beard.STUBBLE;
        a[A.OVAL_FACE] = t.ovalFace();
        a[A.PALE_SKIN] = t.paleSkin();
        a[A.POINTY_NOSE] = t.pointyNose();
        a[A.RECEDING] = t.recedingHairline() && !hat;
        a[A.ROSY_CHEEKS] = rosyCheeks;
        a[A.SIDEBURNS] = t.sideburns();
        a[A.SMILING] = smiling;
        a[A.STRAIGHT_HAIR] = hs == FaceTraits.HairStyle.LONG_STRAIGHT;
        a[A.WAVY_HAIR] = hs == FaceTraits.HairStyle.LONG_WAVY || hs == FaceTraits.HairStyle.MEDIUM_WAVY;
        a[A.EARRINGS] = earrings;
        a[A.HAT] = hat;
        a[A.LIPSTICK] = lipstick;
        a[A.NECKLACE] = necklace;
        a[A.NECKTIE] = necktie;
        a[A.YOUNG] = t.young();
        long bits = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /** Attribute indices, resolved once by name so a reordering of the contract list cannot mislabel. */
    static final class A {
        static final int FIVE_O_CLOCK = idx("5_o_Clock_Shadow");
        static final int ARCHED = idx("Arched_Eyebrows");
        static final int ATTRACTIVE = idx("Attractive");
        static final int BAGS = idx("Bags_Under_Eyes");
        static final int BALD = idx("Bald");
        static final int BANGS = idx("Bangs");
        static final int BIG_LIPS = idx("Big_Lips");
        static final int BIG_NOSE = idx("Big_Nose");
        static final int BLACK_HAIR = idx("Black_Hair");
        static final int BLOND_HAIR = idx("Blond_Hair");
        static final int BLURRY = idx("Blurry");
        static final int BROWN_HAIR = idx("Brown_Hair");
        static final int BUSHY = idx("Bushy_Eyebrows");
        static final int CHUBBY = idx("Chubby");
        static final int DOUBLE_CHIN = idx("Double_Chin");
        static final int EYEGLASSES = idx("Eyeglasses");
        static final int GOATEE = idx("Goatee");
        static final int GRAY_HAIR = idx("Gray_Hair");
        static final int HEAVY_MAKEUP = idx("Heavy_Makeup");
        static final int HIGH_CHEEKBONES = idx("High_Cheekbones");
        static final int MALE = idx("Male");
        static final int MOUTH_OPEN = idx("Mouth_Slightly_Open");
        static final int MUSTACHE = idx("Mustache");
        static final int NARROW_EYES = idx("Narrow_Eyes");
        static final int NO_BEARD = idx("No_Beard");
        static final int OVAL_FACE = idx("Oval_Face");
        static final int PALE_SKIN = idx("Pale_Skin");
        static final int POINTY_NOSE = idx("Pointy_Nose");
        static final int RECEDING = idx("Receding_Hairline");
        static final int ROSY_CHEEKS = idx("Rosy_Cheeks");
        static final int SIDEBURNS = idx("Sideburns");
        static final int SMILING = idx("Smiling");
        static final int STRAIGHT_HAIR = idx("Straight_Hair");
        static final int WAVY_HAIR = idx("Wavy_Hair");
        static final int EARRINGS = idx("Wearing_Earrings");
        static final int HAT = idx("Wearing_Hat");
        static final int LIPSTICK = idx("Wearing_Lipstick");
        static final int NECKLACE = idx("Wearing_Necklace");
        static final int NECKTIE = idx("Wearing_Necktie");
        static final int YOUNG = idx("Young");

        private A() {
        }

        private static int idx(String name) {
            int i = CelebaAttributes.indexOf(name);
            if (i < 0) {
                throw new IllegalStateException("not a CelebA attribute: " + name);
            }
            return i;
        }
    }
}
