package io.inferline.workers.provider.canonical;

import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import java.util.List;

/** The texts an embedding request embeds: {@code input.texts}, or the prompt alone. */
public final class EmbeddingTexts {

    private EmbeddingTexts() {
    }

    /** @throws io.inferline.workers.provider.UnsupportedRequestException when there is no text */
    public static List<String> of(RoutedRequest request, String provider) {
        Input input = request.getRequest().getInput();
        if (!input.getTexts().isEmpty()) {
            return List.copyOf(input.getTexts());
        }
        if (input.getPrompt() != null && !input.getPrompt().isEmpty()) {
            return List.of(input.getPrompt());
        }
        throw Unsupported.because(provider + ": an embedding request needs input.texts or a prompt, it has neither");
    }
}
