package io.inferline.router.resolve;

/** Stable error codes of responses the router answers itself. Clients switch on them: never rename one. */
public final class ErrorCodes {
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String UNDECODABLE_REQUEST = "UNDECODABLE_REQUEST";
    public static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";
    public static final String PROVIDER_DISABLED = "PROVIDER_DISABLED";
    public static final String MODEL_DISABLED = "MODEL_DISABLED";
    public static final String PROVIDER_NOT_ALLOWED = "PROVIDER_NOT_ALLOWED";
    public static final String CAPABILITY_MISMATCH = "CAPABILITY_MISMATCH";
    public static final String INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS";
    public static final String SPEND_LIMIT_EXCEEDED = "SPEND_LIMIT_EXCEEDED";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String DUPLICATE_REQUEST = "DUPLICATE_REQUEST";
    public static final String JOB_CANCELLED = "JOB_CANCELLED";
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";

    private ErrorCodes() {
    }
}
