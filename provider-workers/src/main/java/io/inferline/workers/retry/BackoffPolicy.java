package io.inferline.workers.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter, capped: attempt n waits a uniformly random time in
 * [0, min(cap, base * 2^(n-1))]. A wait the provider announced wins when it is longer. The random
 * source is injected so tests are exact.
 */
public final class BackoffPolicy {

    private final Duration base;
    private final Duration cap;
    private final LongUnaryOperator uniformBelow;

    /**
     * @param uniformBelow returns a uniformly random long in [0, bound) for a bound > 0
     */
    public BackoffPolicy(Duration base, Duration cap, LongUnaryOperator uniformBelow) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.uniformBelow = uniformBelow;
    }

    public static BackoffPolicy withJitter(Duration base, Duration cap) {
        return new BackoffPolicy(base, cap, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt, Optional<Duration> announced) {
        long ceiling = ceilingMillis(attempt);
        long jittered = uniformBelow.applyAsLong(ceiling + 1);
        Duration computed = Duration.ofMillis(jittered);
        return announced.filter(wait -> wait.compareTo(computed) > 0).orElse(computed);
    }

    long ceilingMillis(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long ceiling = base.toMillis() << doublings;
        return Math.min(ceiling, cap.toMillis());
    }
}
