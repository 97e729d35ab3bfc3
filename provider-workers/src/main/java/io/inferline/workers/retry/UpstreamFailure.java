package io.inferline.workers.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * A classified upstream failure.
 *
 * @param retryAfter how long the provider asked us to wait, when it said
 */
public record UpstreamFailure(FailureKind kind, Optional<Integer> status, Optional<Duration> retryAfter, String reason) {

    public boolean retryable() {
        return kind != FailureKind.FATAL;
    }
}
