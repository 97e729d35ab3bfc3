package io.inferline.workers.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AttemptOutcome;
import io.inferline.workers.retry.FailureKind;
import java.time.Duration;

/** Checks of adapter results that many adapters' tests make alike; what is each provider's own stays in its test. */
public final class FailureAssertions {

    private FailureAssertions() {
    }

    public static AdapterResult.Success successOf(AdapterResult result) {
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    public static AdapterResult.Failure failureOf(AdapterResult result) {
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    /** A provider error classified from its HTTP status, with the provider's code. */
    public static void assertClassified(AdapterResult.Failure failure, int status, FailureKind kind, AttemptOutcome outcome,
                                        String code) {
        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.failure().status()).contains(status);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
    }

    /** A 429 that waits what its {@code Retry-After} announced. */
    public static void assertRateLimited(AdapterResult.Failure failure, Duration announced) {
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(failure.failure().retryAfter()).contains(announced);
    }

    /** A 2xx answer that could not be read: retried, and its message says why without quoting the whole body. */
    public static void assertRetriedInvalidResponse(AdapterResult.Failure failure, String why) {
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(why).hasSizeLessThan(300);
    }
}
