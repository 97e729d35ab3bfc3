package io.inferline.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProviderRateLimitTest {

    @Test
    void anInstanceSpendsItsShareOfTheFleetsRequestsPerMinute() {
        ProviderRateLimit limit = new ProviderRateLimit(OptionalLong.of(600), OptionalLong.empty());
        limit.share(3, 6); // half the partitions: 300 a minute, 5 a second

        int admitted = 0;
        while (limit.tryAcquire(1, 0)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(limit.tryAcquire(1, 199)).isFalse();
        assertThat(limit.tryAcquire(1, 200)).as("one more after a fifth of a second").isTrue();
    }

    @Test
    void tokensAreChargedByEstimateAndCorrectedByUsage() {
        ProviderRateLimit limit = new ProviderRateLimit(OptionalLong.empty(), OptionalLong.of(60_000));

        assertThat(limit.tryAcquire(1_000, 0)).isTrue();
        assertThat(limit.tryAcquire(1_000, 0)).as("the bucket is empty").isFalse();
        limit.settle(1_000, 10);
        assertThat(limit.tryAcquire(500, 0)).as("the call used less than estimated").isTrue();
    }

    @Test
    void withoutLimitsEverythingIsAdmitted() {
        ProviderRateLimit limit = new ProviderRateLimit(OptionalLong.empty(), OptionalLong.empty());
        for (int i = 0; i < 10_000; i++) {
            assertThat(limit.tryAcquire(100_000, 0)).isTrue();
        }
    }
}
