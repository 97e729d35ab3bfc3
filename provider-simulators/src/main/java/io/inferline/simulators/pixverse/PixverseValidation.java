package io.inferline.simulators.pixverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code POST /openapi/v2/video/text/generate} refuses, as the reference's parameter table has it: the five
 * required fields, prompts of at most 2,048 characters, durations of 5 or 8 seconds (1080p: 5 only), the
 * {@code fast} motion mode only for 5-second videos below 1080p, int32 seeds.
 */
final class PixverseValidation {

    /** Success. */
    static final int OK = 0;
    /** A required parameter (header or field) is missing or empty. */
    static final int EMPTY_PARAMETER = 400011;
    /** The API key names no account. */
    static final int INVALID_ACCOUNT = 400012;
    /** A parameter is present but not valid. */
    static final int INVALID_PARAM = 400017;

    static final int MAX_PROMPT_CHARS = 2048;
    static final long MAX_SEED = 2_147_483_647L;
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16");
    private static final List<String> QUALITIES = List.of("360p", "540p", "720p", "1080p");
    private static final Set<Integer> DURATIONS = Set.of(5, 8);
    private static final Set<String> MOTION_MODES = Set.of("normal", "fast");
    private static final Set<String> STYLES = Set.of("anime", "3d_animation", "clay", "comic", "cyberpunk");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // a prompt with this word is refused by the simulated moderation once generated (status 7)
    private static final Pattern MODERATED = Pattern.compile("\\bunsafe\\b", Pattern.CASE_INSENSITIVE);

    /** A refusal in PixVerse's terms: an {@code ErrCode} and its {@code ErrMsg}, on HTTP 200. */
    static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** A valid generation: its model and what the task remembers. */
    record Generation(String model, Map<String, String> params) {
    }

    private PixverseValidation() {
    }

    static boolean isTraceId(String value) {
        return value != null && UUID.matcher(value.strip()).matches();
    }

    static Generation check(JsonNode body, Set<String> models) {
        String prompt = requiredText(body, "prompt");
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw invalid("prompt");
        }
        String model = requiredText(body, "model");
        if (!models.contains(model)) {
            throw invalid("model");
        }
        String aspect = requiredText(body, "aspect_ratio");
        if (!ASPECT_RATIOS.contains(aspect)) {
            throw invalid("aspect_ratio");
        }
        String quality = requiredText(body, "quality");
        if (!QUALITIES.contains(quality)) {
            throw invalid("quality");
        }
        if (!Json.has(body, "duration")) {
            throw empty("duration");
        }
        JsonNode durationNode = body.get("duration");
        if (!durationNode.canConvertToExactIntegral() || !DURATIONS.contains(durationNode.asInt())
                || (quality.equals("1080p") && durationNode.asInt() != 5)) {
            throw invalid("duration");
        }
        int duration = durationNode.asInt();
        String motion = optionalText(body, "motion_mode", "normal");
        if (!MOTION_MODES.contains(motion) || (motion.equals("fast") && (duration != 5 || quality.equals("1080p")))) {
            throw invalid("motion_mode");
        }
        String negative = optionalText(body, "negative_prompt", "");
        if (negative.length() > MAX_PROMPT_CHARS) {
            throw invalid("negative_prompt");
        }
        String style = optionalText(body, "style", "");
        if (!style.isEmpty() && !STYLES.contains(style)) {
            throw invalid("style");
        }
        long seed = 0;
        if (Json.has(body, "seed")) {
            JsonNode value = body.get("seed");
            if (!value.canConvertToExactIntegral() || value.asLong() < 0 || value.asLong() > MAX_SEED) {
                throw invalid("seed");
            }
            seed = value.asLong();
        }
        if (Json.has(body, "water_mark") && !body.get("water_mark").isBoolean()) {
            throw invalid("water_mark");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("prompt", prompt);
        params.put("negative_prompt", negative);
        params.put("aspect_ratio", aspect);
        params.put("quality", quality);
        params.put("duration", Integer.toString(duration));
        params.put("style", style);
        params.put("seed", Long.toString(seed));
        params.put("moderated", Boolean.toString(MODERATED.matcher(prompt).find()));
        return new Generation(model, params);
    }

    /** Width and height of the output for a quality ({@code 540p}: the short side) and an aspect ratio. */
    static int[] dimensions(String quality, String aspect) {
        int shortSide = Integer.parseInt(quality.substring(0, quality.length() - 1));
        String[] parts = aspect.split(":");
        int w = Integer.parseInt(parts[0]);
        int h = Integer.parseInt(parts[1]);
        return w >= h ? new int[] {shortSide * w / h, shortSide} : new int[] {shortSide, shortSide * h / w};
    }

    private static String requiredText(JsonNode body, String field) {
        if (!Json.has(body, field)) {
            throw empty(field);
        }
        String value = Json.text(body, field);
        if (value == null) {
            throw invalid(field);
        }
        if (value.isBlank()) {
            throw empty(field);
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field, String fallback) {
        if (!Json.has(body, field)) {
            return fallback;
        }
        String value = Json.text(body, field);
        if (value == null) {
            throw invalid(field);
        }
        return value;
    }

    static Refusal empty(String field) {
        return new Refusal(EMPTY_PARAMETER, "Empty parameter: " + field);
    }

    static Refusal invalid(String field) {
        return new Refusal(INVALID_PARAM, "invalid param: " + field);
    }
}
