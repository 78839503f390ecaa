package io.celebaspark.synth;

import io.celebaspark.image.BgrImage;
import io.celebaspark.image.EyeTemplate;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.FaceWarp;
import io.celebaspark.image.ImageRejectedException;
import io.celebaspark.image.ImageSpec;
import io.celebaspark.image.Point;
import io.celebaspark.image.Similarity;

/**
 * A "real photo" made from a CelebA aligned crop: the face enlarged 1.5×, turned 8 degrees and placed with its
 * eyes near the centre of a 640×480 frame. Such a photo must go through face finding and alignment, unlike the
 * crop itself, and its true eye positions are known; the face tests, the page's browser test and the serve
 * benchmark all use it.
 */
public final class FaceInPhoto {
    private FaceInPhoto() {
    }

    /** The photo, as PNG. */
    public static byte[] of(byte[] alignedJpeg) throws ImageRejectedException {
        BgrImage crop = new FacePreprocessor(ImageSpec.celebaDefault()).decodeAnySize(alignedJpeg, 1_000_000);
        Similarity place = Similarity.of(1.5, Math.toRadians(8), 0, 0);
        Point c = place.apply(EyeTemplate.MIDPOINT);
        place = new Similarity(place.a(), place.b(), 300 - c.x(), 230 - c.y());
        return FaceWarp.warp(crop, place, 640, 480).png();
    }
}
