package io.celebaspark.errors;

/**
 * The one-line reason a failure gives, for the last line on stderr and the runs table's {@code reason}
 * column: the message of the outermost throwable in the cause chain that has one, since wrappers (Spark's
 * task failures, {@code UncheckedIOException}) often carry none; the class name when none has a message.
 */
public final class FailureReason {
    private FailureReason() {
    }

    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getMessage() == null && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
