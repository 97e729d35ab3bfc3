package io.inferline.workers.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final List<Long> bounds = new ArrayList<>();
    /** Always the largest value the jitter can take, recording the bound it was given. */
    private final BackoffPolicy maxJitter = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> {
        bounds.add(bound);
        return bound - 1;
    });

    @Test
    void doublesUpToTheCap() {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            delays.add(maxJitter.delay(attempt, Optional.empty()));
        }

        assertThat(delays).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
    }

    @Test
    void fullJitterDrawsFromZeroToTheCeiling() {
        BackoffPolicy minJitter = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> 0);

        assertThat(minJitter.delay(5, Optional.empty())).isEqualTo(Duration.ZERO);
        maxJitter.delay(3, Optional.empty());
        assertThat(bounds).containsExactly(401L);
    }

    @Test
    void anAnnouncedLongerWaitWins() {
        assertThat(maxJitter.delay(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(maxJitter.delay(1, Optional.of(Duration.ofMillis(10)))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void hugeAttemptNumbersDoNotOverflow() {
        assertThat(maxJitter.delay(1_000, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsANonsenseConfiguration() {
        assertThatThrownBy(() -> BackoffPolicy.withJitter(Duration.ofSeconds(5), Duration.ofSeconds(1))).hasMessageContaining("base <= cap");
    }
}
