package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.ProviderError;
import java.util.Optional;

/**
 * Ark's error envelope, {@code {"error":{"code","message","param","type"}}}: the code is {@code code} (e.g.
 * {@code AuthenticationError}, {@code InvalidEndpointOrModel.NotFound}, {@code RateLimitExceeded.EndpointRPMExceeded},
 * {@code SensitiveContentDetected}), else the {@code type} (e.g. {@code BadRequest}).
 */
final class ArkErrors {

    private ArkErrors() {
    }

    static ProviderError read(UpstreamResponse response) {
        return ProviderError.read(response, ArkAdapter.PROVIDER, ArkErrors::envelope);
    }

    /** The envelope's code and message, also where a successful answer carries one (an image that failed). */
    static Optional<ProviderError> envelope(JsonNode holder) {
        JsonNode error = holder.path("error");
        if (!error.isObject() || !error.path("message").isTextual()) {
            return Optional.empty();
        }
        String code = error.path("code").isTextual() && !error.path("code").asText().isBlank()
                ? error.path("code").asText() : error.path("type").asText("");
        return Optional.of(new ProviderError(code, error.path("message").asText()));
    }
}
