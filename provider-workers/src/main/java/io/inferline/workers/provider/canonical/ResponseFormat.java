package io.inferline.workers.provider.canonical;

import io.inferline.avro.GenerationOptions;
import io.inferline.workers.provider.json.JsonBody;
import java.util.Optional;

/** The output format a request asks for: free text, or any JSON object. */
public enum ResponseFormat {
    TEXT,
    JSON_OBJECT;

    /**
     * @throws io.inferline.workers.provider.UnsupportedRequestException for a JSON schema (structured output comes later)
     */
    public static ResponseFormat of(GenerationOptions options, String provider) {
        String format = options.getResponseFormat();
        if (format == null || format.isBlank() || "text".equals(format)) {
            return TEXT;
        }
        if ("json_object".equals(format)) {
            return JSON_OBJECT;
        }
        throw Unsupported.because(provider + ": response_format must be text or json_object; JSON schema output is not supported yet");
    }

    /** The generated text as structured output, when JSON was asked for and the text is JSON. */
    public Optional<String> structured(String text) {
        if (this != JSON_OBJECT || text == null) {
            return Optional.empty();
        }
        return JsonBody.tryParse(text).map(JsonBody::text);
    }
}
