package io.celebaspark.image;

import io.celebaspark.data.RejectReason;

/**
 * An input file that cannot become a training tensor. It is a checked exception, not a crash, because bad
 * files are expected in a large download: the preprocess job writes {@link #reason()} and the message to the
 * rejects table and goes on, and {@code predict} tells the user which of their files is unusable and why.
 */
public final class ImageRejectedException extends Exception {

    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public ImageRejectedException(RejectReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    /** The reject code written to the rejects table. */
    public RejectReason reason() {
        return reason;
    }
}
