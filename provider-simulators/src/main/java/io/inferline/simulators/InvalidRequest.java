package io.inferline.simulators;

/**
 * Thrown while validating a request the real API would refuse; the provider renders it in its error shape.
 * Carries no stack trace: it is control flow on a hot path, not a bug.
 */
public final class InvalidRequest extends RuntimeException {

    private final int status;
    private final String param;

    public InvalidRequest(int status, String message) {
        this(status, message, null);
    }

    /** @param param the offending field, for providers whose errors name it (OpenAI) */
    public InvalidRequest(int status, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }
}
