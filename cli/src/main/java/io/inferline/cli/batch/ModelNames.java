package io.inferline.cli.batch;

import java.util.regex.Pattern;

/**
 * The model of an OpenAI-format line: OpenAI batch files name bare OpenAI models ({@code gpt-4o-mini}),
 * which here are {@code openai/<name>}; a {@code provider/model} slug or another inferline alias
 * ({@code claude-opus}) is taken as it is, so the same file runs on any provider.
 */
public final class ModelNames {

    /** The families of OpenAI's model names, fine-tuned ones ({@code ft:gpt-4o-mini:...}) included. */
    private static final Pattern OPENAI_MODEL = Pattern.compile(
            "(ft:)?(gpt-|chatgpt-|o[1-9]|text-embedding-|dall-e|whisper|tts-|davinci|babbage|omni-moderation|computer-use|codex-).*");

    private ModelNames() {
    }

    public static String fromOpenAi(String model) {
        if (model.contains("/")) {
            return model;
        }
        return OPENAI_MODEL.matcher(model).matches() ? "openai/" + model : model;
    }
}
