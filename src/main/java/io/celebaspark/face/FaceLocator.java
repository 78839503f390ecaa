package io.celebaspark.face;

import io.celebaspark.image.BgrImage;
import io.celebaspark.image.EyeTemplate;
import io.celebaspark.image.FacePreprocessor;
import io.celebaspark.image.FaceWarp;
import io.celebaspark.image.ImageRejectedException;

import java.util.ArrayList;
import java.util.List;

/**
 * A photo's bytes to the aligned faces the model should see. A photo that already has CelebA's aligned size
 * (178x218) is used exactly as it is, so an {@code img_align_celeba} file gets the same answer as from
 * {@code predict} without {@code --faces}; any other photo is searched for faces, and each face is warped so
 * that its eyes land on {@link EyeTemplate#CELEBA}.
 */
public final class FaceLocator {
    private final FacePreprocessor preprocessor;
    private final CascadeFaceFinder finder;
    private final long maxPixels;
    private final int maxFaces;

    public FaceLocator(FacePreprocessor preprocessor, CascadeFaceFinder finder, long maxPixels, int maxFaces) {
        this.preprocessor = preprocessor;
        this.finder = finder;
        this.maxPixels = maxPixels;
        this.maxFaces = maxFaces;
    }

    /**
     * The faces in the photo, left to right; empty when none was found.
     *
     * @throws ImageRejectedException when the bytes are not a usable image or the photo is over the pixel limit
     */
    public List<AlignedFace> locate(byte[] encoded) throws ImageRejectedException {
        BgrImage photo = preprocessor.decodeAnySize(encoded, maxPixels);
        if (preprocessor.hasExpectedSize(photo)) {
            return List.of(new AlignedFace(new FaceBox(0, 0, photo.width(), photo.height()), EyeTemplate.CELEBA.left(),
                    EyeTemplate.CELEBA.right(), false, true, encoded, mediaType(encoded)));
        }
        List<AlignedFace> aligned = new ArrayList<>();
        for (FoundFace f : finder.find(photo, maxFaces)) {
            BgrImage face = FaceWarp.celeba(photo, FaceWarp.toCelebaTemplate(f.leftEye(), f.rightEye()));
            aligned.add(new AlignedFace(f.box(), f.leftEye(), f.rightEye(), f.eyesDetected(), false, face.png(),
                    "image/png"));
        }
        return aligned;
    }

    private static String mediaType(byte[] encoded) {
        if (encoded.length > 1 && (encoded[0] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        return encoded.length > 1 && encoded[0] == 'B' ? "image/bmp" : "image/png";
    }
}
