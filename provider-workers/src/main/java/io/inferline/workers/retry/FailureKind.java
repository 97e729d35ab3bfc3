package io.inferline.workers.retry;

/** How an upstream failure is handled. */
public enum FailureKind {
    /** Try again after a backoff: overload, server errors, timeouts, connection failures. */
    RETRYABLE,
    /** Try again, but not before the provider says (Retry-After or its rate-limit reset headers). */
    RATE_LIMITED,
    /** Never retry: the request itself is wrong (400, 401, 403, 404, 422, ...). */
    FATAL
}
