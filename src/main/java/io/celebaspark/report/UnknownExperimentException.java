package io.celebaspark.report;

/**
 * The metrics tables hold no run of the experiment asked for; the message lists the experiments they do hold.
 * A usage error (exit 2): the command line names something that is not there.
 */
public final class UnknownExperimentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownExperimentException(String message) {
        super(message);
    }
}
