package io.inferline.workers.provider.openai;

import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;

/** Which OpenAI endpoint serves a request. */
enum OpenAiApi {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    RESPONSES("/v1/responses"),
    EMBEDDINGS("/v1/embeddings");

    /** The option that picks the Responses API for a chat request. */
    static final String API_OPTION = "openai.api";

    final String path;

    OpenAiApi(String path) {
        this.path = path;
    }

    static OpenAiApi of(RoutedRequest request) {
        Capability capability = request.getCapability();
        if (capability == Capability.EMBEDDING) {
            return EMBEDDINGS;
        }
        if (capability != Capability.CHAT) {
            throw Unsupported.capability(OpenAiAdapter.PROVIDER, capability, "CHAT, EMBEDDING");
        }
        String api = request.getRequest().getOptions().getExtra().get(API_OPTION);
        return "responses".equals(unquoted(api)) ? RESPONSES : CHAT_COMPLETIONS;
    }

    // extra values are JSON texts, so "responses" may arrive with its quotes; a bare word is taken too
    private static String unquoted(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}
