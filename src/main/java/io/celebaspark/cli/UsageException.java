package io.celebaspark.cli;

/**
 * The command line cannot be acted on: an unknown option, a missing value, an output that exists without
 * {@code --overwrite}. Maps to exit code 2, which scripts can tell apart from a failed run (exit 1).
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
