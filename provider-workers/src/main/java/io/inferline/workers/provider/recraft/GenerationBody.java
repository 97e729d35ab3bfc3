package io.inferline.workers.provider.recraft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.Set;

/** The body of {@code POST /v1/images/generations}, and how its images come back. */
final class GenerationBody {

    static final String STYLE = "style";
    static final String N = "n";
    static final String RESPONSE_FORMAT = "response_format";
    /** The most images one call may ask for, as the reference documents. */
    static final int MAX_IMAGES = 6;

    private static final Set<String> EXTRA_KEYS = Set.of(STYLE, N, RESPONSE_FORMAT);

    /** How the answer carries the images. */
    enum Delivery {
        URL("url"), B64_JSON("b64_json");

        final String wire;

        Delivery(String wire) {
            this.wire = wire;
        }
    }

    /**
     * What is sent, and what the answer is read against.
     *
     * @param model the native model id
     * @param style the requested style, null for the model's default
     */
    record Generation(ObjectNode body, Delivery delivery, String model, String style) {
    }

    private GenerationBody() {
    }

    static Generation of(RoutedRequest request) {
        String provider = RecraftAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": an image request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        Delivery delivery = extra.text(RESPONSE_FORMAT).map(GenerationBody::delivery).orElse(Delivery.URL);
        String style = extra.text(STYLE).orElse(null);

        ObjectNode body = JsonBody.object();
        body.put("prompt", prompt);
        body.put("model", request.getModel());
        if (style != null) {
            body.put("style", style);
        }
        if (options.getSize() != null && !options.getSize().isBlank()) {
            body.put("size", options.getSize());
        }
        body.put("n", extra.integer(N, 1, MAX_IMAGES).orElse(1));
        body.put("response_format", delivery.wire);
        return new Generation(body, delivery, request.getModel(), style);
    }

    private static Delivery delivery(String format) {
        for (Delivery delivery : Delivery.values()) {
            if (delivery.wire.equals(format)) {
                return delivery;
            }
        }
        throw Unsupported.because(RecraftAdapter.PROVIDER + ": options.extra[\"response_format\"] must be url or b64_json, not '"
                + format + "'");
    }
}
