package io.inferline.workers.provider.openai;

import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;

/** Which OpenAI endpoint serves a request. */
enum OpenAiApi {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    RESPONSES("/v1/responses"),
    EMBEDDINGS("/v1/embeddings"),
    IMAGES("/v1/images/generations"),
    SPEECH("/v1/audio/speech"),
    TRANSCRIPTIONS("/v1/audio/transcriptions");

    /** The option that picks the Responses API for a chat request. */
    static final String API_OPTION = "openai.api";

    final String path;

    OpenAiApi(String path) {
        this.path = path;
    }

    static OpenAiApi of(RoutedRequest request) {
        Capability capability = request.getCapability();
        switch (capability) {
            case CHAT -> {
                // below: chat completions or the Responses API
            }
            case EMBEDDING -> {
                return EMBEDDINGS;
            }
            case IMAGE -> {
                return IMAGES;
            }
            case SPEECH -> {
                return SPEECH;
            }
            case TRANSCRIPTION -> {
                return TRANSCRIPTIONS;
            }
            default -> throw Unsupported.capability(OpenAiAdapter.PROVIDER, capability, "CHAT, EMBEDDING, IMAGE, SPEECH, TRANSCRIPTION");
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
