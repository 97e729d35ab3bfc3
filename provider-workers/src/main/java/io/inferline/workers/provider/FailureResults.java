package io.inferline.workers.provider;

import io.inferline.avro.AttemptOutcome;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.util.Optional;

/** The two kinds of {@link AdapterResult.Failure} adapters make: a provider error, and an unreadable success. */
public final class FailureResults {

    /** The code of a 2xx answer that cannot be read. */
    public static final String INVALID_RESPONSE = "invalid_response";

    private FailureResults() {
    }

    /** A classified provider error; the outcome follows the kind (429 is the only RATE_LIMITED one). */
    public static AdapterResult.Failure upstreamError(UpstreamFailure failure, ProviderError error, Optional<String> upstreamRequestId) {
        return new AdapterResult.Failure(failure, outcomeOf(failure.kind()), error.code(), error.message(), upstreamRequestId);
    }

    /**
     * A 2xx answer that is not what the protocol promises. It is retried: a truncated or garbled body
     * is usually a transport accident, and the request itself was accepted.
     *
     * @param what what was wrong, e.g. {@code missing choices[0].message (an object)}
     */
    public static AdapterResult.Failure invalidResponse(String provider, int status, String what, Optional<String> upstreamRequestId) {
        UpstreamFailure failure = new UpstreamFailure(FailureKind.RETRYABLE, Optional.of(status), Optional.empty(),
                "unreadable answer from " + provider);
        return new AdapterResult.Failure(failure, AttemptOutcome.INVALID_RESPONSE, INVALID_RESPONSE,
                provider + " answered HTTP " + status + " but " + what, upstreamRequestId);
    }

    static AttemptOutcome outcomeOf(FailureKind kind) {
        return switch (kind) {
            case RATE_LIMITED -> AttemptOutcome.RATE_LIMITED;
            case RETRYABLE -> AttemptOutcome.RETRYABLE_ERROR;
            case FATAL -> AttemptOutcome.FATAL_ERROR;
        };
    }
}
