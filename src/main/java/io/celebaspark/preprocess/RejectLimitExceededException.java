package io.celebaspark.preprocess;

/**
 * Too many of the images that exist were rejected: the input is probably broken (a bad download, the
 * wrong folder, a crop box that does not fit), and training on the rest would be misleading.
 */
public final class RejectLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RejectLimitExceededException(String message) {
        super(message);
    }
}
