package io.inferline.workers.provider.workersai;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.retry.FailureKind;
import java.time.Duration;

/** The checks every error answer of the media models gets: class, code, message, ray id and announced wait. */
final class ErrorChecks {

    private ErrorChecks() {
    }

    static void check(AdapterResult result, FailureKind kind, String code, String message) {
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        AdapterResult.Failure failure = (AdapterResult.Failure) result;
        assertThat(failure.failure().kind()).isEqualTo(kind);
        if (!code.isEmpty()) {
            assertThat(failure.errorCode()).isEqualTo(code);
        }
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("8c2f-CDG");
        if (kind == FailureKind.RATE_LIMITED) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(3));
        }
    }
}
