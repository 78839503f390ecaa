package io.celebaspark.serve;

/**
 * A request the server refuses, with the HTTP status, a stable code for programs and a sentence for people.
 * It carries no stack trace to the client: only {@link #code} and the message are sent.
 */
final class ApiError extends Exception {
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
