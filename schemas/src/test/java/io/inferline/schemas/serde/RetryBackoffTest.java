package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesFromTheInitialWaitUpToTheCap() {
        RetryBackoff backoff = new RetryBackoff(100, 1_000);

        assertThat(backoff.delayMs(1)).isEqualTo(100);
        assertThat(backoff.delayMs(2)).isEqualTo(200);
        assertThat(backoff.delayMs(4)).isEqualTo(800);
        assertThat(backoff.delayMs(5)).isEqualTo(1_000);
        assertThat(backoff.delayMs(60)).isEqualTo(1_000);   // no overflow however many retries
    }

    @Test
    void zeroMeansRetryAtOnce() {
        assertThat(new RetryBackoff(0, 1_000).delayMs(3)).isZero();
    }
}
