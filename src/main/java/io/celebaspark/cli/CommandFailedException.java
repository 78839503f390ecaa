package io.celebaspark.cli;

/**
 * The command did its work and ends in failure for a reason its message states in full (for example some of
 * the photos given to {@code predict} could not be read, after the others were answered). Maps to exit code
 * 1 like any failure, but without a stack trace: there is no bug to locate, only the reason to show.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
        super(message);
    }
}
