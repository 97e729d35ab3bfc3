package io.inferline.workers.provider.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import java.util.Optional;

/**
 * DashScope's two error shapes. The native API answers {@code {"request_id","code","message"}} (e.g.
 * {@code InvalidApiKey}, {@code Throttling.RateQuota}, {@code AccessDenied}); the compatible mode answers
 * {@code {"error":{"message","type","param","code"},"request_id"}} (e.g. {@code invalid_api_key},
 * {@code model_not_found}, {@code data_inspection_failed}). Each reader falls back on the other shape, since a
 * gateway in front of either may answer in the other.
 */
final class DashScopeErrors {

    private DashScopeErrors() {
    }

    static ProviderError ofNative(UpstreamResponse response) {
        return ProviderError.read(response, DashScopeAdapter.PROVIDER, root -> topLevel(root).or(() -> errorObject(root)));
    }

    static ProviderError ofCompatible(UpstreamResponse response) {
        return ProviderError.read(response, DashScopeAdapter.PROVIDER, root -> errorObject(root).or(() -> topLevel(root)));
    }

    /** The body's {@code request_id}, when the answer is a JSON object that has one. */
    static Optional<String> requestId(UpstreamResponse response) {
        try {
            JsonNode root = JsonBody.parseAnswer(response.body());
            return AnswerFields.optionalText(root, "request_id").filter(id -> !id.isBlank());
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static Optional<ProviderError> topLevel(JsonNode root) {
        if (!root.path("code").isTextual() || !root.path("message").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderError(root.path("code").asText(), root.path("message").asText()));
    }

    private static Optional<ProviderError> errorObject(JsonNode root) {
        JsonNode error = root.path("error");
        if (!error.isObject() || !error.path("message").isTextual()) {
            return Optional.empty();
        }
        String code = error.path("code").isTextual() ? error.path("code").asText() : error.path("type").asText("");
        return Optional.of(new ProviderError(code, error.path("message").asText()));
    }
}
