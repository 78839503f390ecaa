package io.celebaspark.config;

/**
 * A configuration the run cannot start with. The message always names the offending key, the value and
 * the rule, and where the value came from, because a user reads it on a console far from the file.
 * The CLI maps it to exit code 2.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
