package io.celebaspark.data;

/**
 * Everything the annotation files say about one image, after validation and the join of the attribute,
 * partition and identity files: the unit the preprocess job pairs with an image file.
 *
 * @param imageId       the image's file name as the annotation files spell it, e.g. {@code 000001.jpg}
 * @param split         its official partition
 * @param identity      the celebrity id, or {@code -1} when unknown (no identity file, or no valid row in it)
 * @param attributeBits bit {@code i} set when attribute {@code CelebaAttributes.NAMES.get(i)} is 1; packed
 *                      because 40 booleans per row would cost 40 bytes instead of 8
 */
public record AnnotationRow(String imageId, Split split, int identity, long attributeBits) {

    /** Whether the attribute named {@code name} is 1 for this image. */
    public boolean has(String name) {
        int index = CelebaAttributes.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("not a CelebA attribute: '" + name + "'");
        }
        return CelebaAttributes.isSet(attributeBits, index);
    }
}
