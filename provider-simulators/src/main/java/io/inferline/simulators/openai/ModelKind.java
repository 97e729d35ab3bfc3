package io.inferline.simulators.openai;

import io.inferline.simulators.Replies;

/** What an OpenAI model id is for, read from its name as the API's own families are named. */
enum ModelKind {
    CHAT, EMBEDDING, IMAGE, SPEECH, TRANSCRIPTION;

    static ModelKind of(String model) {
        if (model.startsWith("gpt-image") || model.startsWith("dall-e")) {
            return IMAGE;
        }
        if (model.startsWith("tts-") || model.endsWith("-tts") || model.contains("-tts-")) {
            return SPEECH;
        }
        if (model.startsWith("whisper") || model.contains("transcribe")) {
            return TRANSCRIPTION;
        }
        return Replies.isEmbeddingModel(model) ? EMBEDDING : CHAT;
    }
}
