package io.celebaspark.image;

import io.celebaspark.synth.FaceRenderer;
import io.celebaspark.synth.FaceSpec;
import io.celebaspark.synth.SyntheticCeleba;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The similarity-warp maths, on synthetic faces whose eye positions are known exactly. */
class FaceWarpTest {
    private static final double EPS = 1e-9;

    @Test
    void similarityMapsTheTwoPointsAndInvertsExactly() {
        Point l = new Point(310.5, 222.25);
        Point r = new Point(371.0, 240.0);
        Similarity s = Similarity.mapping(l, r, EyeTemplate.CELEBA.left(), EyeTemplate.CELEBA.right());
        assertNear(EyeTemplate.CELEBA.left(), s.apply(l), EPS);
        assertNear(EyeTemplate.CELEBA.right(), s.apply(r), EPS);
        assertEquals(40 / Math.hypot(60.5, 17.75), s.scale(), EPS);
        assertEquals(-Math.toDegrees(Math.atan2(17.75, 60.5)), s.rotationDegrees(), EPS);
        Point p = new Point(-7, 1000);
        assertNear(p, s.inverse().apply(s.apply(p)), 1e-9);
        Similarity t = Similarity.of(2, 0.3, 5, -4);
        assertNear(s.apply(t.apply(p)), s.after(t).apply(p), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Similarity.mapping(l, l, l, r));
    }

    @Test
    void theRendererPutsItsEyesOnTheTemplateWhenThePoseIsNeutral() {
        FaceSpec spec = SyntheticCeleba.specs(1, 5).get(0);
        Point[] eyes = FaceRenderer.eyes(spec);
        Point mid = new Point(EyeTemplate.MIDPOINT.x() + spec.dx(), EyeTemplate.MIDPOINT.y() + spec.dy());
        assertNear(mid, new Point((eyes[0].x() + eyes[1].x()) / 2, (eyes[0].y() + eyes[1].y()) / 2), EPS);
        assertEquals(2 * EyeTemplate.HALF_DISTANCE * spec.scale(),
                Math.hypot(eyes[1].x() - eyes[0].x(), eyes[1].y() - eyes[0].y()), EPS);
    }

    @Test
    void aligningAnAlignedImageOnItsOwnTemplateIsTheIdentity() {
        BgrImage face = BgrImage.of(FaceRenderer.render(SyntheticCeleba.specs(1, 9).get(0)));
        BgrImage again = FaceWarp.celeba(face, FaceWarp.toCelebaTemplate(EyeTemplate.CELEBA.left(), EyeTemplate.CELEBA.right()));
        assertArrayEquals(face.bgr(), again.bgr());
    }

    /**
     * A generated face placed into a 640x480 "photo" by a known similarity (rotated, scaled up or down,
     * moved), then aligned from its known eyes: the eyes come back onto the template and the face matches
     * the generator's own aligned rendering.
     */
    @Test
    void aGeneratedFaceMovedIntoAPhotoComesBackAligned() {
        List<FaceSpec> specs = SyntheticCeleba.specs(6, 21);
        double[][] poses = {{1.0, 0}, {2.5, 20}, {0.8, -15}, {3.0, 5}, {1.7, -20}, {0.6, 12}};
        for (int i = 0; i < specs.size(); i++) {
            FaceSpec spec = specs.get(i);
            BgrImage aligned = BgrImage.of(FaceRenderer.render(spec));
            Point[] eyes = FaceRenderer.eyes(spec);
            double scale = poses[i][0];
            Similarity place = Similarity.of(scale, Math.toRadians(poses[i][1]), 0, 0);
            Point c = place.apply(new Point(89, 109));
            place = new Similarity(place.a(), place.b(), 320 - c.x(), 240 - c.y());
            BgrImage photo = FaceWarp.warp(aligned, place, 640, 480);
            Point left = place.apply(eyes[0]);
            Point right = place.apply(eyes[1]);

            Similarity back = Similarity.mapping(left, right, eyes[0], eyes[1]);
            assertNear(eyes[0], back.apply(left), 1e-6);
            assertNear(eyes[1], back.apply(right), 1e-6);
            BgrImage restored = FaceWarp.celeba(photo, back);
            double mad = centre(restored).meanAbsoluteDifference(centre(aligned));
            System.out.printf("FaceWarpTest: scale %.1f rotation %+.0f deg: mean |diff| of the central face %.2f%n",
                    scale, poses[i][1], mad);
            // shrinking to 0.6 and enlarging back loses detail; the rest is interpolation noise
            assertTrue(mad < (scale < 1 ? 12 : 5), "mean abs difference " + mad + " at scale " + scale);
        }
    }

    @Test
    void boxReduceAveragesBlocks() {
        byte[] bgr = new byte[3 * 4 * 2];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (i / 3 % 4 < 2 ? 10 : 30);
        }
        BgrImage reduced = FaceWarp.boxReduce(new BgrImage(4, 2, bgr), 2);
        assertArrayEquals(new byte[]{10, 10, 10, 30, 30, 30}, reduced.bgr());
    }

    /** The 120x150 middle of an aligned face, away from the edges a warp must replicate. */
    private static BgrImage centre(BgrImage image) {
        return FaceWarp.warp(image, new Similarity(1, 0, -29, -40), 120, 150);
    }

    private static void assertNear(Point want, Point got, double eps) {
        assertEquals(want.x(), got.x(), eps, "x of " + got);
        assertEquals(want.y(), got.y(), eps, "y of " + got);
    }
}
