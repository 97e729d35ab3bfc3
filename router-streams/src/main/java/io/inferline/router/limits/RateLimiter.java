package io.inferline.router.limits;

import io.inferline.avro.router.RateWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Requests-per-minute and tokens-per-minute limits over fixed one-minute windows. A refused request
 * is told how long until the window turns.
 */
public final class RateLimiter {

    static final long WINDOW_MS = Duration.ofMinutes(1).toMillis();

    private RateLimiter() {
    }

    /** A limit; an absent value means unlimited. */
    public record Limit(Optional<Integer> requestsPerMinute, Optional<Long> tokensPerMinute) {
        public static final Limit UNLIMITED = new Limit(Optional.empty(), Optional.empty());

        public boolean isUnlimited() {
            return requestsPerMinute.isEmpty() && tokensPerMinute.isEmpty();
        }
    }

    /** Admitted with the window to store, or refused with the wait until a retry may pass. */
    public record Decision(boolean admitted, RateWindow window, long retryAfterMs) {
    }

    public static Decision tryAcquire(Limit limit, RateWindow stored, long tokens, Instant now) {
        long windowStart = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), WINDOW_MS);
        RateWindow window = stored == null || stored.getWindowStart().toEpochMilli() != windowStart
                ? RateWindow.newBuilder().setWindowStart(Instant.ofEpochMilli(windowStart)).setRequests(0).setTokens(0).build()
                : stored;
        boolean requestsOk = limit.requestsPerMinute().map(max -> window.getRequests() + 1 <= max).orElse(true);
        boolean tokensOk = limit.tokensPerMinute().map(max -> window.getTokens() + tokens <= max).orElse(true);
        if (!requestsOk || !tokensOk) {
            return new Decision(false, window, windowStart + WINDOW_MS - now.toEpochMilli());
        }
        RateWindow next = RateWindow.newBuilder(window).setRequests(window.getRequests() + 1)
                .setTokens(window.getTokens() + tokens).build();
        return new Decision(true, next, 0);
    }
}
