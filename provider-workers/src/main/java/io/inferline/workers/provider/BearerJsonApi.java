package io.inferline.workers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryClassifier;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An API called with JSON bodies and the key as a bearer token, answered by one JSON object per call; where the
 * upstream request id comes from and how error bodies read stay with the provider.
 */
public record BearerJsonApi(String provider, RetryClassifier classifier) {

    /** A JSON POST to {@code path}. */
    public UpstreamRequest post(ProviderEndpoint endpoint, String path, JsonNode body) {
        return UpstreamRequest.postJson(endpoint.resolve(path), Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal()),
                JsonBody.bytes(body));
    }

    /**
     * Reads an answer: a non-2xx one as the provider's error, a 2xx one by {@code read}; an answer that cannot be read
     * is an INVALID_RESPONSE.
     *
     * @param failureId  the upstream request id of a failure (e.g. from a header)
     * @param errorShape finds code and message in the provider's error body
     */
    public AdapterResult read(UpstreamResponse response, Instant now, Optional<String> failureId,
                              Function<JsonNode, Optional<ProviderError>> errorShape, Function<JsonNode, AdapterResult> read) {
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier.classify(response.status(), response::header, now),
                        ProviderError.read(response, provider, errorShape), failureId);
            }
            return read.apply(JsonAnswers.object(response));
        } catch (RuntimeException e) {
            return JsonAnswers.unreadable(provider, response, e, failureId);
        }
    }
}
