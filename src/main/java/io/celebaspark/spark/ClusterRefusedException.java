package io.celebaspark.spark;

/**
 * The standalone master did not register the application, so no executor will ever come: said at once, in
 * one line, instead of Spark's "All masters are unresponsive" log and a stopped context failing later.
 */
public final class ClusterRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterRefusedException(String message) {
        super(message);
    }
}
