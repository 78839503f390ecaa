package io.celebaspark.face;

import io.celebaspark.image.Point;

/**
 * A face a detector found: its box and its two eye centres in the photo.
 *
 * @param eyesDetected whether the eyes were found by the eye detector; when false they were estimated from
 *                     the box ({@link CascadeFaceFinder#eyesFromBox}), so the alignment is rougher
 */
public record FoundFace(FaceBox box, Point leftEye, Point rightEye, boolean eyesDetected) {
}
