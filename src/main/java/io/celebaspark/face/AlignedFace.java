package io.celebaspark.face;

import io.celebaspark.image.Point;

/**
 * One face ready for the model: the encoded 178x218 aligned image that goes through the training
 * preprocessing unchanged, and where it came from.
 *
 * @param box          the face's box in the photo (the whole image when {@code asIs})
 * @param leftEye      the eye centre used on the image's left, in the photo
 * @param rightEye     the eye centre used on the image's right, in the photo
 * @param eyesDetected whether the eyes were detected rather than estimated from the box
 * @param asIs         the photo was already a CelebA aligned crop and is used exactly as uploaded
 * @param encoded      the aligned image: the original bytes when {@code asIs}, else a lossless PNG
 * @param mediaType    {@code image/png}, or the original's type when {@code asIs}
 */
public record AlignedFace(FaceBox box, Point leftEye, Point rightEye, boolean eyesDetected, boolean asIs,
                          byte[] encoded, String mediaType) {
}
