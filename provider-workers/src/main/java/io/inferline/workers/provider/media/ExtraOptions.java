package io.inferline.workers.provider.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.json.JsonBody;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code options.extra}, the provider-specific parameters. Its values are JSON texts, so a string
 * arrives as {@code "\"digital_illustration\""}; a bare word that is not JSON ({@code digital_illustration})
 * is taken as that string too, because that is what a client writing it by hand means.
 */
public final class ExtraOptions {

    private final Map<String, String> extra;
    private final String provider;

    private ExtraOptions(Map<String, String> extra, String provider) {
        this.extra = extra == null ? Map.of() : extra;
        this.provider = provider;
    }

    /**
     * @param known the keys the adapter understands
     * @throws UnsupportedRequestException when {@code extra} holds another key: a parameter silently dropped
     *                                     would change the output without the client knowing
     */
    public static ExtraOptions of(GenerationOptions options, String provider, Set<String> known) {
        ExtraOptions extras = new ExtraOptions(options.getExtra(), provider);
        Set<String> unknown = new TreeSet<>(extras.extra.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new UnsupportedRequestException(provider + ": options.extra " + unknown + " not supported (supported: "
                    + new TreeSet<>(known) + ")");
        }
        return extras;
    }

    /** A string value. */
    public Optional<String> text(String key) {
        String raw = extra.get(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Optional<JsonNode> parsed = JsonBody.tryParse(raw);
        if (parsed.isEmpty()) {
            return Optional.of(raw.strip());
        }
        JsonNode node = parsed.get();
        if (!node.isTextual()) {
            throw new UnsupportedRequestException(provider + ": options.extra[\"" + key + "\"] must be a string");
        }
        return Optional.of(node.asText());
    }

    /** A number within {@code [min, max]}, whole or not. */
    public OptionalDouble number(String key, double min, double max) {
        String raw = extra.get(key);
        if (raw == null || raw.isBlank()) {
            return OptionalDouble.empty();
        }
        JsonNode node = JsonBody.tryParse(raw)
                .map(n -> n.isTextual() ? JsonBody.tryParse(n.asText()).orElse(n) : n)
                .orElse(null);
        if (node == null || !node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            throw new UnsupportedRequestException(provider + ": options.extra[\"" + key + "\"] must be a number from "
                    + min + " to " + max);
        }
        return OptionalDouble.of(node.asDouble());
    }

    /** A whole number within {@code [min, max]}. */
    public OptionalInt integer(String key, int min, int max) {
        String raw = extra.get(key);
        if (raw == null || raw.isBlank()) {
            return OptionalInt.empty();
        }
        JsonNode node = JsonBody.tryParse(raw)
                .map(n -> n.isTextual() ? JsonBody.tryParse(n.asText()).orElse(n) : n)
                .orElse(null);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new UnsupportedRequestException(provider + ": options.extra[\"" + key + "\"] must be a whole number from "
                    + min + " to " + max);
        }
        return OptionalInt.of(node.asInt());
    }
}
