package io.celebaspark.metrics.tables;

/**
 * A metrics root to read holds no metrics table: a mistyped {@code --metrics} path, or no run has been
 * trained into it yet. Commands report it as a usage error (exit 2): the command line is at fault.
 */
public final class MetricsTablesNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MetricsTablesNotFoundException(String message) {
        super(message);
    }
}
