package io.inferline.simulators.minimax;

/**
 * A request MiniMax refuses, with its {@code base_resp.status_code}. MiniMax reports most refusals on HTTP 200,
 * so the HTTP status is a separate field. Carries no stack trace: it is control flow, not a bug.
 */
final class Refusal extends RuntimeException {

    /** Invalid parameters, the code of most validation failures. */
    static final int INVALID_PARAMS = 2013;

    private final int httpStatus;
    private final int code;

    Refusal(int code, String message) {
        this(200, code, message);
    }

    Refusal(int httpStatus, int code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static Refusal invalid(String message) {
        return new Refusal(INVALID_PARAMS, "invalid params, " + message);
    }

    int httpStatus() {
        return httpStatus;
    }

    int code() {
        return code;
    }
}
