package io.celebaspark.synth;

/**
 * What stays fixed for one synthetic identity across all its images: sex, skin, hair, face shape, facial
 * hair, whether the person usually wears glasses and which frames. Keeping these per identity (rather than
 * per image) is what makes an identity-disjoint split meaningful: a model cannot score on val by
 * remembering a person's glasses from train.
 */
public record FaceTraits(
        int identity,
        boolean male,
        boolean young,
        int skinRgb,
        boolean paleSkin,
        HairColour hairColour,
        int hairRgb,
        HairStyle hairStyle,
        boolean recedingHairline,
        boolean bangs,
        double faceHalfWidth,
        double jawRatio,
        boolean chubby,
        boolean doubleChin,
        boolean bigNose,
        boolean pointyNose,
        boolean bigLips,
        boolean bushyBrows,
        boolean archedBrows,
        boolean narrowEyes,
        int irisRgb,
        Beard beard,
        boolean sideburns,
        boolean glassesWearer,
        Glasses glasses,
        boolean makeupWearer,
        int lipRgb,
        int clothingRgb,
        boolean ovalFace,
        boolean attractive) {

    /** Hair colour category; {@link #OTHER} (auburn, dark ambiguous shades) sets none of CelebA's four hair labels. */
    public enum HairColour { BLACK, BROWN, BLOND, GRAY, OTHER }

    /** Hair silhouette; the wavy ones set Wavy_Hair, long straight sets Straight_Hair. */
    public enum HairStyle { SHORT, LONG_STRAIGHT, LONG_WAVY, MEDIUM_WAVY, BALD }

    /** Facial hair; stubble sets 5_o_Clock_Shadow but keeps No_Beard. */
    public enum Beard { NONE, STUBBLE, MUSTACHE, GOATEE, FULL }

    /** Frame shape of a pair of glasses. */
    public enum FrameShape { ROUND, RECT, OVAL }

    /**
     * A pair of glasses: frame shape, colour and thickness, lens half sizes in face pixels, and whether the
     * lenses are tinted (sunglasses count as Eyeglasses in CelebA).
     */
    public record Glasses(FrameShape shape, int rgb, float stroke, double lensHalfWidth, double lensHalfHeight,
                          boolean tinted) {
    }
}
