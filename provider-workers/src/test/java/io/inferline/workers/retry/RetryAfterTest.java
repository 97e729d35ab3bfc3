package io.inferline.workers.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(RetryAfter.fromHeader("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.fromHeader("0.5", NOW)).contains(Duration.ofMillis(500));
        assertThat(RetryAfter.fromHeader("Wed, 25 Nov 2026 10:01:00 GMT", NOW)).contains(Duration.ofMinutes(1));
        assertThat(RetryAfter.fromHeader("Wed, 25 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void garbageIsIgnoredNotFatal() {
        assertThat(RetryAfter.fromHeader("soon", NOW)).isEmpty();
        assertThat(RetryAfter.fromHeader("-3", NOW)).isEmpty();
        assertThat(RetryAfter.fromHeader(null, NOW)).isEmpty();
        assertThat(RetryAfter.untilInstant("tomorrow", NOW)).isEmpty();
        assertThat(RetryAfter.goDuration("fast")).isEmpty();
        assertThat(RetryAfter.goDuration("")).isEmpty();
    }

    @Test
    void readsGoDurations() {
        assertThat(RetryAfter.goDuration("1s")).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.goDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(RetryAfter.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
        assertThat(RetryAfter.goDuration("120ms")).contains(Duration.ofMillis(120));
    }
}
