package io.inferline.router.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.router.RateWindow;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:10Z");

    @Test
    void admitsUpToTheRequestLimitPerMinuteThenSaysHowLongToWait() {
        RateLimiter.Limit limit = new RateLimiter.Limit(Optional.of(2), Optional.empty());
        RateWindow window = null;
        for (int i = 0; i < 2; i++) {
            RateLimiter.Decision decision = RateLimiter.tryAcquire(limit, window, 0, T0);
            assertThat(decision.admitted()).isTrue();
            window = decision.window();
        }
        RateLimiter.Decision refused = RateLimiter.tryAcquire(limit, window, 0, T0);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(50_000);
        assertThat(RateLimiter.tryAcquire(limit, window, 0, T0.plusSeconds(50)).admitted()).isTrue();
    }

    @Test
    void countsTokens() {
        RateLimiter.Limit limit = new RateLimiter.Limit(Optional.empty(), Optional.of(1_000L));
        RateLimiter.Decision first = RateLimiter.tryAcquire(limit, null, 800, T0);

        assertThat(first.admitted()).isTrue();
        assertThat(RateLimiter.tryAcquire(limit, first.window(), 300, T0).admitted()).isFalse();
        assertThat(RateLimiter.tryAcquire(limit, first.window(), 200, T0).admitted()).isTrue();
    }
}
