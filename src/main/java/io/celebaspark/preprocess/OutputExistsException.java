package io.celebaspark.preprocess;

/** The output folder exists and the user did not ask to replace it. */
public final class OutputExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputExistsException(String output) {
        super(output + " already exists; pass --overwrite to replace it (the old output is removed only after"
                + " the new one is complete)");
    }
}
