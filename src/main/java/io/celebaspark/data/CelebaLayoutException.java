package io.celebaspark.data;

import java.io.IOException;

/**
 * The input folder holds no usable CelebA layout (or cannot be read). It is a user error, not a bug: the
 * message says, per layout, what was found and what is missing, and what {@code --input} should name, so
 * the command line can print it as is and exit with the configuration-error status.
 */
public class CelebaLayoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public CelebaLayoutException(String message) {
        super(message);
    }

    public CelebaLayoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
