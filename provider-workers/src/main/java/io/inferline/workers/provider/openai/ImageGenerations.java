package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code POST /v1/images/generations} for the GPT image models: body in, base64 images out. */
final class ImageGenerations {

    static final String N = "n";
    static final String OUTPUT_FORMAT = "output_format";
    /** The most images one call may ask for, as the reference documents. */
    static final int MAX_IMAGES = 10;
    // passed as given: the API checks their values
    private static final List<String> PASSED_TEXTS = List.of("quality", "background", "moderation");
    private static final String OUTPUT_COMPRESSION = "output_compression";
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpeg", "image/jpeg", "webp", "image/webp");
    private static final Set<String> EXTRA_KEYS = Set.of(N, OUTPUT_FORMAT, OUTPUT_COMPRESSION, "quality", "background", "moderation");

    /**
     * What is sent, and what the answer is read against.
     *
     * @param outputFormat png, jpeg or webp: the type of the images when their bytes do not say
     */
    record Generation(ObjectNode body, String outputFormat) {
    }

    private ImageGenerations() {
    }

    static Generation of(RoutedRequest request) {
        String provider = OpenAiAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": an image request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        String format = extra.text(OUTPUT_FORMAT).orElse("png");
        if (!TYPES.containsKey(format)) {
            throw Unsupported.because(provider + ": options.extra[\"output_format\"] must be png, jpeg or webp, not '" + format + "'");
        }
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("prompt", prompt);
        body.put("n", extra.integer(N, 1, MAX_IMAGES).orElse(1));
        if (options.getSize() != null && !options.getSize().isBlank()) {
            body.put("size", options.getSize());
        }
        for (String key : PASSED_TEXTS) {
            extra.text(key).ifPresent(value -> body.put(key, value));
        }
        if (extra.text(OUTPUT_FORMAT).isPresent()) {
            body.put(OUTPUT_FORMAT, format);
        }
        extra.integer(OUTPUT_COMPRESSION, 0, 100).ifPresent(level -> body.put(OUTPUT_COMPRESSION, level));
        return new Generation(body, format);
    }

    static AdapterResult read(JsonNode root, Generation generation, Optional<String> upstreamId) {
        JsonNode data = AnswerFields.nonEmptyArray(root, "data", "data");
        // the answer names the format it used; the request's is the fallback
        String format = AnswerFields.optionalText(root, OUTPUT_FORMAT).filter(TYPES::containsKey).orElse(generation.outputFormat());
        List<BinaryRef> images = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            String path = "data[" + i + "].b64_json";
            byte[] bytes = decode(AnswerFields.text(data.get(i), "b64_json", path), path);
            images.add(InlineBinaries.inline(bytes, MediaSniffer.contentType(bytes).orElse(TYPES.get(format))));
        }
        Usage.Builder usage = Usage.newBuilder().setUnits(images.size()).setUnitKind(UnitKind.IMAGES);
        JsonNode tokens = root.path("usage");
        if (tokens.isObject()) {
            // reported as the API counts them; the catalog prices these models per image, so they cost nothing extra
            usage.setInputTokens(AnswerFields.count(tokens, "input_tokens", "usage.input_tokens"))
                    .setOutputTokens(AnswerFields.count(tokens, "output_tokens", "usage.output_tokens"));
        } else if (!tokens.isMissingNode() && !tokens.isNull()) {
            throw new InvalidAnswerException("the answer's usage is not an object");
        }
        Output output = Output.newBuilder().setBinaries(images).setFinishReason(FinishReason.STOP).build();
        return new AdapterResult.Success(output, usage.build(), upstreamId);
    }

    static byte[] decode(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + " is not base64");
        }
        if (bytes.length == 0) {
            throw new InvalidAnswerException("the answer's " + path + " is empty");
        }
        return bytes;
    }
}
