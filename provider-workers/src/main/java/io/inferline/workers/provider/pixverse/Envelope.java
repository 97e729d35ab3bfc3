package io.inferline.workers.provider.pixverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.RetryClassifier;
import io.inferline.workers.retry.UpstreamFailure;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * PixVerse's answer envelope, {@code {ErrCode, ErrMsg, Resp}}: {@code ErrCode} 0 is success, anything else is an
 * error, and the HTTP status says nothing about it (errors arrive on HTTP 200).
 */
final class Envelope {

    /** Codes the reference lists, with how a refusal carrying them is handled. */
    static final int EMPTY_PARAMETER = 400011;
    static final int INVALID_ACCOUNT = 400012;
    static final int INVALID_PARAM = 400017;
    /** Too many generations running at once for the account: wait for one to end. */
    static final int CONCURRENCY_LIMIT = 500044;

    private static final Map<Integer, FailureKind> KINDS = Map.of(CONCURRENCY_LIMIT, FailureKind.RATE_LIMITED);

    private Envelope() {
    }

    /**
     * The {@code Resp} of a successful envelope.
     *
     * @return empty when the envelope carries an error, which {@link #failure} reads
     * @throws InvalidAnswerException when the body is no envelope
     */
    static Optional<JsonNode> resp(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object");
        }
        JsonNode code = root.path("ErrCode");
        if (!code.isIntegralNumber()) {
            throw new InvalidAnswerException("the answer has no ErrCode (a number)");
        }
        if (code.asLong() != 0) {
            return Optional.empty();
        }
        JsonNode resp = root.path("Resp");
        if (!resp.isObject()) {
            throw new InvalidAnswerException("the answer has no Resp (an object)");
        }
        return Optional.of(resp);
    }

    /** An error envelope on HTTP 200: classified by its code, fatal unless the code says to wait. */
    static AdapterResult.Failure failure(JsonNode root, Optional<String> upstreamId) {
        int code = root.path("ErrCode").asInt();
        String message = root.path("ErrMsg").isTextual() ? root.path("ErrMsg").asText() : "PixVerse answered ErrCode " + code;
        FailureKind kind = KINDS.getOrDefault(code, FailureKind.FATAL);
        UpstreamFailure failure = new UpstreamFailure(kind, Optional.of(200), Optional.empty(),
                "PixVerse ErrCode " + code + (kind == FailureKind.FATAL ? ": the request was refused and is not retried" : ""));
        AttemptOutcome outcome = kind == FailureKind.RATE_LIMITED ? AttemptOutcome.RATE_LIMITED : AttemptOutcome.FATAL_ERROR;
        return new AdapterResult.Failure(failure, outcome, Integer.toString(code), UpstreamText.message(message), upstreamId);
    }

    /** A non-2xx answer: classified by its HTTP status, with the envelope's code and message when it has one. */
    static AdapterResult.Failure httpFailure(UpstreamResponse response, RetryClassifier classifier, Instant now,
                                             Optional<String> upstreamId) {
        ProviderError error = ProviderError.read(response, PixverseAdapter.PROVIDER, root -> {
            JsonNode message = root.path("ErrMsg");
            if (!message.isTextual()) {
                return Optional.empty();
            }
            JsonNode code = root.path("ErrCode");
            return Optional.of(new ProviderError(code.isIntegralNumber() ? code.asText() : "", message.asText()));
        });
        return FailureResults.upstreamError(classifier.classify(response.status(), response::header, now), error, upstreamId);
    }

    /** The body as a tree, for answers that must be an envelope. */
    static JsonNode parse(UpstreamResponse response) {
        return JsonBody.parseAnswer(response.body());
    }
}
