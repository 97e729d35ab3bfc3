package io.inferline.workers.retry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Decides by status and error type, never by message text, whether an upstream failure is retried.
 * 408, 429, 500, 502, 503, 504 and 529 are retryable (429 as rate limited), as are timeouts and
 * connection errors; 409 only for providers that say so; every other 4xx is fatal, so a bad request
 * is never retried. Providers differ in their rate-limit headers: each adapter passes a function
 * that reads its own reset headers.
 */
public final class RetryClassifier {

    private static final Set<Integer> RETRYABLE = Set.of(408, 500, 502, 503, 504, 529);

    private final boolean conflictRetryable;
    private final Function<Function<String, String>, Optional<Duration>> resetHeaders;

    /**
     * @param conflictRetryable whether the provider documents 409 as "try again"
     * @param resetHeaders      reads the provider's rate-limit reset headers (given a header lookup)
     */
    public RetryClassifier(boolean conflictRetryable, Function<Function<String, String>, Optional<Duration>> resetHeaders) {
        this.conflictRetryable = conflictRetryable;
        this.resetHeaders = resetHeaders;
    }

    /** A classifier that honours only Retry-After. */
    public static RetryClassifier standard() {
        return new RetryClassifier(false, headers -> Optional.empty());
    }

    /** Classifies an HTTP answer that was not a success. */
    public UpstreamFailure classify(int status, Function<String, String> headers, Instant now) {
        Optional<Duration> announced = RetryAfter.fromHeader(headers.apply("Retry-After"), now)
                .or(() -> resetHeaders.apply(headers));
        if (status == 429) {
            return new UpstreamFailure(FailureKind.RATE_LIMITED, Optional.of(status), announced, "rate limited (HTTP 429)");
        }
        if (RETRYABLE.contains(status) || (status == 409 && conflictRetryable)) {
            return new UpstreamFailure(FailureKind.RETRYABLE, Optional.of(status), announced, "upstream HTTP " + status);
        }
        return new UpstreamFailure(FailureKind.FATAL, Optional.of(status), Optional.empty(),
                "upstream HTTP " + status + (status >= 500 ? "" : ": the request was refused and is not retried"));
    }

    /** Classifies a call that got no HTTP answer. */
    public UpstreamFailure classify(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof IOException) && !(cause instanceof TimeoutException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return new UpstreamFailure(FailureKind.RETRYABLE, Optional.empty(), Optional.empty(), "upstream timed out");
        }
        if (cause instanceof ConnectException) {
            return new UpstreamFailure(FailureKind.RETRYABLE, Optional.empty(), Optional.empty(), "cannot connect upstream");
        }
        if (cause instanceof IOException) {
            return new UpstreamFailure(FailureKind.RETRYABLE, Optional.empty(), Optional.empty(),
                    "connection failed: " + cause.getClass().getSimpleName());
        }
        return new UpstreamFailure(FailureKind.FATAL, Optional.empty(), Optional.empty(),
                "call failed: " + cause.getClass().getSimpleName());
    }
}
