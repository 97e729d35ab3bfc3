package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import java.util.Optional;

/** Boolean values of {@code options.extra}: {@code true}/{@code false}, bare or as JSON strings. */
final class ExtraFlags {

    private ExtraFlags() {
    }

    static Optional<Boolean> read(GenerationOptions options, String key) {
        String raw = options.getExtra().get(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        JsonNode value = JsonBody.tryParse(raw).map(node -> node.isTextual() ? JsonBody.tryParse(node.asText()).orElse(node) : node)
                .orElse(null);
        if (value == null || !value.isBoolean()) {
            throw Unsupported.because(ArkAdapter.PROVIDER + ": options.extra[\"" + key + "\"] must be true or false");
        }
        return Optional.of(value.asBoolean());
    }
}
