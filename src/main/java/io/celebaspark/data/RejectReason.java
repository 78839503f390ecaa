package io.celebaspark.data;

/**
 * Why an image or an annotation row was left out of the tensors table. Every reject row carries one of
 * these codes so that a user can query the rejects table and fix the input. {@link #MISSING_IMAGE} is the
 * normal state of a partial download and is counted, not failed on; every other reason counts against the
 * reject-fraction limit.
 */
public enum RejectReason {
    /** The file exists but is empty. */
    ZERO_BYTE("zero_byte", true),
    /** The bytes are not a JPEG/PNG/BMP image at all (wrong magic number). */
    NOT_AN_IMAGE("not_an_image", true),
    /** A JPEG that ends before its end-of-image marker: a partial download. */
    TRUNCATED("truncated", true),
    /** Image bytes the decoder refuses. */
    UNDECODABLE("undecodable", true),
    /** Decoded, but not the size the crop box was designed for. */
    UNEXPECTED_SIZE("unexpected_size", true),
    /** A photo with more pixels than the configured limit (serve and {@code predict --faces}; never in CelebA). */
    TOO_LARGE("too_large", true),
    /** An image file that no annotation row names. */
    NO_ANNOTATION("no_annotation", true),
    /** An annotation row whose image file is absent (a partial download): counted per split, not a failure. */
    MISSING_IMAGE("missing_image", false),
    /** An annotation row that cannot be parsed: wrong number of fields or a value other than 1/-1. */
    MALFORMED_ANNOTATION("malformed_annotation", true),
    /** An attribute row for an image the partition file does not place in a split. */
    NO_PARTITION("no_partition", true),
    /** The same image named by two annotation rows of one file; the first row wins. */
    DUPLICATE_ANNOTATION("duplicate_annotation", true);

    private final String code;
    private final boolean failure;

    RejectReason(String code, boolean failure) {
        this.code = code;
        this.failure = failure;
    }

    /** The value written to the rejects table's {@code reason} column. */
    public String code() {
        return code;
    }

    /** Whether this reject counts against {@code preprocess.max-reject-fraction}. */
    public boolean isFailure() {
        return failure;
    }
}
