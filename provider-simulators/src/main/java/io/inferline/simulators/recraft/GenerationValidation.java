package io.inferline.simulators.recraft;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import java.util.Map;
import java.util.Set;

/** What {@code POST /v1/images/generations} refuses, for Recraft V2/V3-class models. */
final class GenerationValidation {

    static final int MAX_PROMPT_CHARS = 1000;
    static final int MAX_IMAGES = 6;

    /** The documented sizes of Recraft V3 by aspect ratio. */
    static final Map<String, String> SIZES_BY_ASPECT = Map.ofEntries(
            Map.entry("1:1", "1024x1024"), Map.entry("2:1", "2048x1024"), Map.entry("1:2", "1024x2048"),
            Map.entry("3:2", "1536x1024"), Map.entry("2:3", "1024x1536"), Map.entry("4:3", "1365x1024"),
            Map.entry("3:4", "1024x1365"), Map.entry("5:4", "1280x1024"), Map.entry("4:5", "1024x1280"),
            Map.entry("6:10", "1024x1707"), Map.entry("14:10", "1434x1024"), Map.entry("10:14", "1024x1434"),
            Map.entry("16:9", "1820x1024"), Map.entry("9:16", "1024x1820"), Map.entry("10:6", "1707x1024"));

    private static final Set<String> STYLE_FAMILIES = Set.of("any", "realistic_image", "digital_illustration",
            "vector_illustration", "icon", "logo_raster");
    private static final Set<String> FORMATS = Set.of("url", "b64_json");

    /** A valid request, read. */
    record Generation(String prompt, String model, String style, int width, int height, int n, boolean base64) {
    }

    private GenerationValidation() {
    }

    static Generation check(JsonNode body, String defaultModel) {
        String prompt = Json.text(body, "prompt");
        if (prompt == null || prompt.isBlank()) {
            throw bad("invalid_prompt", "prompt is required and must be a non-empty string");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw bad("prompt_too_long", "prompt must be at most " + MAX_PROMPT_CHARS + " characters, got " + prompt.length());
        }
        String model = Json.has(body, "model") ? Json.text(body, "model") : defaultModel;
        if (model == null) {
            throw bad("invalid_model", "model must be a string");
        }
        String style = null;
        if (Json.has(body, "style")) {
            style = Json.text(body, "style");
            if (style == null || !STYLE_FAMILIES.contains(style.split("/", 2)[0])) {
                throw bad("invalid_style", "style must be one of " + STYLE_FAMILIES + " or a '<family>/<substyle>'");
            }
        }
        int[] size = size(body);
        int n = 1;
        if (Json.has(body, "n")) {
            JsonNode value = body.get("n");
            if (!value.canConvertToExactIntegral() || value.asInt() < 1 || value.asInt() > MAX_IMAGES) {
                throw bad("invalid_n", "n must be an integer from 1 to " + MAX_IMAGES);
            }
            n = value.asInt();
        }
        String format = Json.has(body, "response_format") ? Json.text(body, "response_format") : "url";
        if (format == null || !FORMATS.contains(format)) {
            throw bad("invalid_response_format", "response_format must be url or b64_json (multipart is not simulated)");
        }
        return new Generation(prompt, model, style, size[0], size[1], n, format.equals("b64_json"));
    }

    private static int[] size(JsonNode body) {
        if (!Json.has(body, "size")) {
            return new int[] {1024, 1024};
        }
        String size = Json.text(body, "size");
        String dimensions = size == null ? null : SIZES_BY_ASPECT.getOrDefault(size, size);
        if (dimensions == null || !SIZES_BY_ASPECT.containsValue(dimensions)) {
            throw bad("invalid_size", "size must be one of the supported sizes (e.g. 1024x1024) or aspect ratios (e.g. 16:9)");
        }
        String[] parts = dimensions.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    static InvalidRequest bad(String code, String message) {
        return new InvalidRequest(400, message, code);
    }
}
