package io.celebaspark.report;

/**
 * The experiment exists but no run of it can be scored (none finished, or none recorded the metrics the
 * comparison needs): there is no statistic to compute. The message lists the runs and why each is left out.
 */
public final class NothingToReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NothingToReportException(String message) {
        super(message);
    }
}
