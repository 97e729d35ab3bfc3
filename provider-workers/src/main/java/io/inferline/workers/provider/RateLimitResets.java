package io.inferline.workers.provider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Picks the wait from per-limit rate-limit headers (requests, tokens). A 429 answer carries the reset
 * of every limit, not only the one that was hit: the limits whose remaining count is 0 are the ones
 * that were hit, so their longest reset is the wait. When no remaining count says so, the longest
 * announced reset is taken, because a retry before it is a call wasted on another 429.
 */
public final class RateLimitResets {

    /**
     * One limit's headers.
     *
     * @param remainingHeader the header with the limit's remaining count
     * @param reset           reads the limit's reset header into a wait
     */
    public record Limit(String remainingHeader, Function<Function<String, String>, Optional<Duration>> reset) {
    }

    private RateLimitResets() {
    }

    public static Optional<Duration> wait(Function<String, String> headers, List<Limit> limits) {
        List<Limit> exhausted = limits.stream().filter(limit -> "0".equals(trimmed(headers.apply(limit.remainingHeader())))).toList();
        List<Limit> candidates = exhausted.isEmpty() ? limits : exhausted;
        return candidates.stream()
                .map(limit -> limit.reset().apply(headers))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
