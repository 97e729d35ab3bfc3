package io.inferline.workers.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RetryClassifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final RetryClassifier classifier = RetryClassifier.standard();

    private static Function<String, String> headers(Map<String, String> values) {
        return values::get;
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504, 529})
    void overloadAndServerErrorsAreRetried(int status) {
        assertThat(classifier.classify(status, headers(Map.of()), NOW).kind()).isEqualTo(FailureKind.RETRYABLE);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 413, 422})
    void aBadRequestIsNeverRetried(int status) {
        UpstreamFailure failure = classifier.classify(status, headers(Map.of("Retry-After", "3")), NOW);

        assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void conflictIsRetriedWhereTheProviderSaysSo() {
        RetryClassifier conflicts = new RetryClassifier(true, h -> Optional.empty());

        assertThat(conflicts.classify(409, headers(Map.of()), NOW).kind()).isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void rateLimitsCarryTheAnnouncedWait() {
        assertThat(classifier.classify(429, headers(Map.of("Retry-After", "7")), NOW))
                .isEqualTo(new UpstreamFailure(FailureKind.RATE_LIMITED, Optional.of(429), Optional.of(Duration.ofSeconds(7)),
                        "rate limited (HTTP 429)"));
        assertThat(classifier.classify(429, headers(Map.of("Retry-After", "Wed, 25 Nov 2026 10:00:30 GMT")), NOW).retryAfter())
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void providerResetHeadersAreUsedWithoutRetryAfter() {
        RetryClassifier anthropic = new RetryClassifier(false,
                h -> RetryAfter.untilInstant(h.apply("anthropic-ratelimit-requests-reset"), NOW));
        RetryClassifier openai = new RetryClassifier(false, h -> RetryAfter.goDuration(h.apply("x-ratelimit-reset-requests")));

        assertThat(anthropic.classify(429, headers(Map.of("anthropic-ratelimit-requests-reset", "2026-11-25T10:00:12Z")), NOW)
                .retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(openai.classify(429, headers(Map.of("x-ratelimit-reset-requests", "6m0s")), NOW).retryAfter())
                .contains(Duration.ofMinutes(6));
    }

    @Test
    void timeoutsAndConnectionErrorsAreRetriedOtherFailuresAreNot() {
        assertThat(classifier.classify(new SocketTimeoutException("read timed out")).kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(classifier.classify(new RuntimeException(new ConnectException("refused"))).kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(classifier.classify(new IOException("connection reset")).reason()).contains("IOException");
        assertThat(classifier.classify(new IllegalStateException("bug")).kind()).isEqualTo(FailureKind.FATAL);
    }
}
