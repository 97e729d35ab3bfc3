package io.inferline.workers.runtime;

import io.inferline.avro.ModelSpec;
import io.inferline.workers.retry.BackoffPolicy;
import io.inferline.workers.retry.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What happens after a failed call: retry here after a short wait, retry later through the retry
 * topic, move to the next model of the fallback chain, or give up. Retryable failures are retried up
 * to a number of calls per model; fatal ones never are (a bad request stays bad). Configured statuses
 * skip straight to the fallback. A wait that would pass the request's deadline is not taken.
 */
final class FailurePolicy {

    sealed interface Decision {
        record RetryHere(Duration after) implements Decision {
        }

        record RetryLater(Instant notBefore) implements Decision {
        }

        record FallBack(ModelSpec model, List<String> remainingChain) implements Decision {
        }

        record GiveUp(String why) implements Decision {
        }
    }

    private final int maxCallsPerModel;
    private final BackoffPolicy backoff;
    private final Duration inlineMax;
    private final Set<Integer> fallbackStatuses;
    private final Function<String, Optional<ModelSpec>> usableModel;

    FailurePolicy(int maxCallsPerModel, BackoffPolicy backoff, Duration inlineMax, Set<Integer> fallbackStatuses,
                  Function<String, Optional<ModelSpec>> usableModel) {
        this.maxCallsPerModel = maxCallsPerModel;
        this.backoff = backoff;
        this.inlineMax = inlineMax;
        this.fallbackStatuses = Set.copyOf(fallbackStatuses);
        this.usableModel = usableModel;
    }

    /**
     * @param callsOnModel calls made to the current model, the failed one included
     * @param deadline     the request's deadline, if it has one
     */
    Decision decide(UpstreamFailure failure, int callsOnModel, List<String> fallbackChain, Optional<Instant> deadline, Instant now) {
        boolean skipToFallback = failure.status().map(fallbackStatuses::contains).orElse(false);
        if (failure.retryable() && !skipToFallback && callsOnModel < maxCallsPerModel) {
            Duration wait = backoff.delay(callsOnModel, failure.retryAfter());
            Instant at = now.plus(wait);
            if (deadline.isEmpty() || at.isBefore(deadline.get())) {
                return wait.compareTo(inlineMax) <= 0 ? new Decision.RetryHere(wait) : new Decision.RetryLater(at);
            }
        }
        if (failure.retryable() || skipToFallback) {
            for (int i = 0; i < fallbackChain.size(); i++) {
                Optional<ModelSpec> next = usableModel.apply(fallbackChain.get(i));
                if (next.isPresent()) {
                    return new Decision.FallBack(next.get(), List.copyOf(fallbackChain.subList(i + 1, fallbackChain.size())));
                }
            }
        }
        if (!failure.retryable()) {
            return new Decision.GiveUp(failure.reason());
        }
        return new Decision.GiveUp(failure.reason() + "; gave up after " + callsOnModel + " call" + (callsOnModel == 1 ? "" : "s")
                + (fallbackChain.isEmpty() ? "" : " and no usable fallback model"));
    }
}
