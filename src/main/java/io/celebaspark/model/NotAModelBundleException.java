package io.celebaspark.model;

/**
 * The path given as a model is not a model bundle at all (nothing there, a file, or a folder without the
 * bundle's files): a wrong argument rather than a broken model, which commands report as a usage error.
 */
public final class NotAModelBundleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NotAModelBundleException(String message) {
        super(message);
    }
}
