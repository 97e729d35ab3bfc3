package io.inferline.workers.provider.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.UpstreamResponse;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider's own account of an error: its code (type, status or number) and message.
 *
 * @param code    the provider's machine-readable error code, e.g. {@code overloaded_error}
 * @param message the provider's message, credential-shaped tokens hidden
 */
public record ProviderError(String code, String message) {

    /**
     * Reads an error answer with the provider's error shape; a body that is not JSON or not in that
     * shape (an HTML page from a proxy, an empty 503) gets the code {@code http_<status>} and a message
     * quoting a short excerpt.
     *
     * @param shape finds code and raw message in the provider's error body, empty when they are not there
     */
    public static ProviderError read(UpstreamResponse response, String provider, Function<JsonNode, Optional<ProviderError>> shape) {
        String fallbackCode = "http_" + response.status();
        if (response.body().length == 0 || response.bodyText().isBlank()) {
            return new ProviderError(fallbackCode, provider + " answered HTTP " + response.status() + " with an empty body");
        }
        Optional<JsonNode> root;
        try {
            root = Optional.of(JsonBody.parseAnswer(response.body()));
        } catch (InvalidAnswerException notJson) {
            root = Optional.empty();
        }
        return root.flatMap(node -> {
                    try {
                        return shape.apply(node);
                    } catch (RuntimeException unexpectedShape) {
                        return Optional.empty();
                    }
                })
                .map(error -> new ProviderError(error.code().isBlank() ? fallbackCode : error.code(), UpstreamText.message(error.message())))
                .orElseGet(() -> new ProviderError(fallbackCode, provider + " answered HTTP " + response.status()
                        + " without its error body: " + UpstreamText.excerpt(response.body())));
    }
}
