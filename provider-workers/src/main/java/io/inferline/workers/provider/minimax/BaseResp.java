package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.util.Optional;
import java.util.Set;

/**
 * MiniMax's {@code base_resp: {status_code, status_msg}}, present in every answer: 0 is success, anything else a
 * refusal, usually on HTTP 200. Codes are classified by the error code reference: rate and concurrency limits are
 * RATE_LIMITED (1002 rate limit, 1039 token limit, 1041 connection limit, 2045 rate growth limit), internal and
 * timeout errors RETRYABLE (1000 unknown, 1001 timeout, 1013 internal service, 1024 internal, 1033 system or
 * downstream), and everything else FATAL: 1004 and 2049 (the key), 1008 (insufficient balance), 1026 and 1027
 * (sensitive input or output), 1042 (invisible characters), 2013 (invalid parameters) and codes the reference does
 * not list, since a refusal the API does not call transient is not retried.
 */
final class BaseResp {

    static final Set<Long> RATE_LIMITS = Set.of(1002L, 1039L, 1041L, 2045L);
    static final Set<Long> TRANSIENT = Set.of(1000L, 1001L, 1013L, 1024L, 1033L);

    /** One {@code base_resp}. */
    record Status(long code, String message) {

        boolean ok() {
            return code == 0;
        }
    }

    private BaseResp() {
    }

    /** The answer's {@code base_resp}, when it has one; a {@code base_resp} without a numeric code is unreadable. */
    static Optional<Status> of(JsonNode root) {
        JsonNode base = root.path("base_resp");
        if (base.isMissingNode() || base.isNull()) {
            return Optional.empty();
        }
        JsonNode code = base.path("status_code");
        if (!base.isObject() || !code.isIntegralNumber() || !code.canConvertToLong()) {
            throw new InvalidAnswerException("the answer's base_resp.status_code is not a whole number");
        }
        return Optional.of(new Status(code.asLong(), base.path("status_msg").asText("")));
    }

    /** The refusal an answer reports in its {@code base_resp}, if it reports one. */
    static Optional<AdapterResult.Failure> failure(JsonNode root, int httpStatus, Optional<String> upstreamId) {
        return of(root).filter(status -> !status.ok()).map(status -> failure(status, httpStatus, upstreamId));
    }

    static AdapterResult.Failure failure(Status status, int httpStatus, Optional<String> upstreamId) {
        UpstreamFailure failure = new UpstreamFailure(kindOf(status.code()), Optional.of(httpStatus), Optional.empty(),
                "minimax base_resp.status_code " + status.code() + " on HTTP " + httpStatus);
        return FailureResults.upstreamError(failure, error(status), upstreamId);
    }

    static ProviderError error(Status status) {
        String message = status.message().isBlank() ? "MiniMax refused the request with status_code " + status.code() : status.message();
        return new ProviderError(Long.toString(status.code()), UpstreamText.message(message));
    }

    static FailureKind kindOf(long code) {
        if (RATE_LIMITS.contains(code)) {
            return FailureKind.RATE_LIMITED;
        }
        return TRANSIENT.contains(code) ? FailureKind.RETRYABLE : FailureKind.FATAL;
    }
}
