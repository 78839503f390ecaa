package io.celebaspark.image;

/**
 * Where the eye centres lie in an aligned 178x218 face. CelebA's {@code img_align_celeba} were made by
 * putting the eyes at fixed positions; aligning a photo onto the same positions gives the model the geometry
 * its training crop ({@code (0,20) 178x178}) was designed for.
 *
 * <p>{@link #CELEBA} uses the positions the project's synthetic generator draws its eyes at (midpoint
 * (89, 110), 40 px apart, see {@code synth.FaceRenderer}), which were chosen to match CelebA's. The full
 * release's {@code Anno/list_landmarks_align_celeba.txt} would give the measured mean; the shared sample
 * does not have it.
 *
 * @param left  the eye on the image's left (the person's right eye)
 * @param right the eye on the image's right
 */
public record EyeTemplate(Point left, Point right) {

    /** Eye midpoint of the aligned crop: centred horizontally, on row 110 of 218. */
    public static final Point MIDPOINT = new Point(89, 110);
    /** Half the distance between the two eye centres, in pixels. */
    public static final double HALF_DISTANCE = 20;
    public static final EyeTemplate CELEBA = new EyeTemplate(
            new Point(MIDPOINT.x() - HALF_DISTANCE, MIDPOINT.y()), new Point(MIDPOINT.x() + HALF_DISTANCE, MIDPOINT.y()));

    public EyeTemplate {
        if (!(right.x() > left.x())) {
            throw new IllegalArgumentException("the right eye must lie right of the left one: " + left + ", " + right);
        }
    }
}
