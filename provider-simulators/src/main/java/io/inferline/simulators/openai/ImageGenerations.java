package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/images/generations} for the GPT image models: base64 images only ({@code response_format} is a
 * dall-e parameter and refused), token usage as the reference documents it for gpt-image-1.
 */
final class ImageGenerations {

    static final int MAX_PROMPT_CHARS = 32_000;
    private static final Set<String> FIELDS = Set.of("prompt", "model", "n", "quality", "response_format", "output_format",
            "output_compression", "stream", "partial_images", "size", "moderation", "background", "style", "user");
    private static final Set<String> SIZES = Set.of("auto", "1024x1024", "1536x1024", "1024x1536");
    private static final Set<String> QUALITIES = Set.of("auto", "low", "medium", "high");
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");
    private static final Set<String> BACKGROUNDS = Set.of("auto", "transparent", "opaque");
    private static final Set<String> MODERATIONS = Set.of("auto", "low");
    /** Image tokens of one square image by quality, as OpenAI's image guide lists them for gpt-image-1. */
    private static final Map<String, Integer> SQUARE_TOKENS = Map.of("low", 272, "medium", 1056, "high", 4160);
    /** The same for the portrait and landscape sizes. */
    private static final Map<String, Integer> OBLONG_TOKENS = Map.of("low", 408, "medium", 1584, "high", 6240);

    private ImageGenerations() {
    }

    /** The model a valid request addresses. */
    static String model(JsonNode body, OpenAiSimulator provider) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequest(400, "Unknown parameter: '" + name + "'.", name);
            }
        }
        String model = provider.servedModel(Json.has(body, "model") ? Json.text(body, "model") : "dall-e-2");
        if (ModelKind.of(model) != ModelKind.IMAGE) {
            throw new InvalidRequest(400, "Invalid value: '" + model + "'. Value must be an image generation model.", "model");
        }
        String prompt = Params.requiredText(body, "prompt", "prompt");
        if (prompt.isBlank()) {
            throw new InvalidRequest(400, "Invalid 'prompt': empty string. Expected a non-empty prompt.", "prompt");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new InvalidRequest(400, "Invalid 'prompt': string too long. Expected a string with maximum length "
                    + MAX_PROMPT_CHARS + ", but got a string with length " + prompt.length() + " instead.", "prompt");
        }
        if (Json.has(body, "response_format")) {
            throw new InvalidRequest(400, "Unknown parameter: 'response_format'.", "response_format");
        }
        if (body.path("stream").asBoolean(false)) {
            throw new InvalidRequest(400, "The simulator does not stream: 'stream' must be false or absent.", "stream");
        }
        Integer n = Params.optionalInt(body, "n", 1);
        if (n != null && n > 10) {
            throw new InvalidRequest(400, "Invalid 'n': integer above maximum value. Expected a value <= 10, but got " + n
                    + " instead.", "n");
        }
        oneOf(body, "size", SIZES);
        oneOf(body, "quality", QUALITIES);
        String format = oneOf(body, "output_format", FORMATS);
        String background = oneOf(body, "background", BACKGROUNDS);
        oneOf(body, "moderation", MODERATIONS);
        Integer compression = Params.optionalInt(body, "output_compression", 0);
        if (compression != null && compression > 100) {
            throw new InvalidRequest(400, "Invalid 'output_compression': integer above maximum value. Expected a value <= 100.",
                    "output_compression");
        }
        if ("transparent".equals(background) && "jpeg".equals(format)) {
            throw new InvalidRequest(400, "Transparent background is not supported for the jpeg output format. "
                    + "Use png or webp.", "background");
        }
        return model;
    }

    static ObjectNode answer(JsonNode body) {
        int n = body.path("n").isIntegralNumber() ? body.get("n").asInt() : 1;
        String format = textOr(body, "output_format", "png");
        String size = textOr(body, "size", "auto");
        String quality = textOr(body, "quality", "auto");
        String resolved = "auto".equals(quality) ? "medium" : quality;
        String background = "transparent".equals(Json.text(body, "background")) ? "transparent" : "opaque";
        ObjectNode answer = Json.object().put("created", OpenAiSimulator.now());
        ArrayNode data = answer.putArray("data");
        String image = Base64.getEncoder().encodeToString(SimulatedMedia.image(format));
        for (int i = 0; i < n; i++) {
            data.addObject().put("b64_json", image);
        }
        answer.put("background", background)
                .put("output_format", format)
                .put("size", "auto".equals(size) ? "1024x1024" : size)
                .put("quality", resolved);
        int text = Replies.tokens(body.get("prompt").asText());
        int perImage = ("1024x1024".equals(size) || "auto".equals(size) ? SQUARE_TOKENS : OBLONG_TOKENS).get(resolved);
        int output = perImage * n;
        ObjectNode usage = answer.putObject("usage");
        usage.put("total_tokens", text + output).put("input_tokens", text).put("output_tokens", output);
        usage.putObject("input_tokens_details").put("text_tokens", text).put("image_tokens", 0);
        return answer;
    }

    private static String oneOf(JsonNode body, String field, Set<String> allowed) {
        if (!Json.has(body, field)) {
            return null;
        }
        String value = Json.text(body, field);
        if (value == null || !allowed.contains(value)) {
            throw new InvalidRequest(400, "Invalid value: '" + body.get(field).asText() + "'. Supported values are: "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ".", field);
        }
        return value;
    }

    private static String textOr(JsonNode body, String field, String fallback) {
        String value = Json.text(body, field);
        return value == null ? fallback : value;
    }
}
