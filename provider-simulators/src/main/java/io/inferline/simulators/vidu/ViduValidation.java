package io.inferline.simulators.vidu;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code POST /ent/v2/text2video} and {@code /ent/v2/img2video} refuse, by the reference's per-model rules:
 * {@code viduq1} makes 5-second 1080p videos from a prompt or a start frame; {@code vidu2.0} (and {@code vidu1.5})
 * only from a start frame, 4 seconds (360p, 720p or 1080p) or 8 seconds (720p).
 */
final class ViduValidation {

    static final int MAX_TEXT_PROMPT_CHARS = 5000;
    static final int MAX_IMAGE_PROMPT_CHARS = 1500;
    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    static final int MAX_PAYLOAD_CHARS = 1_048_576;
    /** Models the text-to-video endpoint does not take: they animate a start frame only. */
    static final Set<String> IMAGE_ONLY = Set.of("vidu2.0", "vidu1.5");

    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
    private static final Set<String> AMPLITUDES = Set.of("auto", "small", "medium", "large");
    private static final Set<String> STYLES = Set.of("general", "anime");
    private static final Pattern DATA_URI = Pattern.compile("data:image/(png|jpeg|jpg|webp);base64,(.+)", Pattern.DOTALL);

    /** A refusal in Vidu's terms: HTTP status, error code ({@code reason}) and message. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String reason;

        Refusal(int status, String reason, String message) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }

    /** A valid create call: the model and what the create answer and the task echo. */
    record Creation(String model, Map<String, String> params) {
    }

    private ViduValidation() {
    }

    static Creation check(JsonNode body, boolean fromImage, Set<String> models) {
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            throw lacking("model");
        }
        if (!models.contains(model) || (!fromImage && IMAGE_ONLY.contains(model))) {
            throw invalid("model");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("kind", fromImage ? "img2video" : "text2video");
        String prompt = Json.text(body, "prompt");
        if (fromImage) {
            images(body);
            if (prompt != null && prompt.length() > MAX_IMAGE_PROMPT_CHARS) {
                throw invalid("prompt");
            }
        } else {
            if (prompt == null || prompt.isBlank()) {
                throw lacking("prompt");
            }
            if (prompt.length() > MAX_TEXT_PROMPT_CHARS) {
                throw invalid("prompt");
            }
            params.put("aspect_ratio", choice(body, "aspect_ratio", ASPECT_RATIOS, "16:9"));
            params.put("style", choice(body, "style", STYLES, "general"));
        }
        params.put("prompt", prompt == null ? "" : prompt);
        int duration = duration(body, model);
        params.put("duration", Integer.toString(duration));
        params.put("resolution", resolution(body, model, duration));
        params.put("movement_amplitude", choice(body, "movement_amplitude", AMPLITUDES, "auto"));
        if (Json.has(body, "bgm") && !body.get("bgm").isBoolean()) {
            throw invalid("bgm");
        }
        params.put("bgm", Boolean.toString(Json.has(body, "bgm") && body.get("bgm").asBoolean()));
        if (Json.has(body, "seed") && !body.get("seed").canConvertToExactIntegral()) {
            throw invalid("seed");
        }
        params.put("seed", Json.has(body, "seed") ? Long.toString(body.get("seed").asLong()) : "0");
        if (Json.has(body, "payload")) {
            String payload = Json.text(body, "payload");
            if (payload == null || payload.length() > MAX_PAYLOAD_CHARS) {
                throw invalid("payload");
            }
            params.put("payload", payload);
        } else {
            params.put("payload", "");
        }
        return new Creation(model, params);
    }

    private static void images(JsonNode body) {
        JsonNode images = body.get("images");
        if (images == null || images.isNull() || (images.isArray() && images.isEmpty())) {
            throw lacking("images");
        }
        if (!images.isArray() || images.size() != 1) {
            throw new Refusal(400, "FieldItemCountOutOfRange", "field item count out of range: images");
        }
        JsonNode image = images.get(0);
        String uri = image.isTextual() ? image.asText() : null;
        if (uri == null || uri.isBlank()) {
            throw lacking("images");
        }
        if (uri.startsWith("https://") || uri.startsWith("http://")) {
            return;
        }
        var matcher = DATA_URI.matcher(uri);
        if (!matcher.matches()) {
            throw new Refusal(400, "ImageFormatInvalid", "invalid image format");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(matcher.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "ImageFormatInvalid", "invalid image format");
        }
        if (bytes.length == 0 || bytes.length >= MAX_IMAGE_BYTES) {
            throw new Refusal(400, "PageSizeOutOfRange", "page size out of range");
        }
    }

    private static int duration(JsonNode body, String model) {
        List<Integer> allowed = model.equals("viduq1") ? List.of(5) : IMAGE_ONLY.contains(model) ? List.of(4, 8) : List.of(5);
        if (!Json.has(body, "duration")) {
            return allowed.get(0);
        }
        JsonNode value = body.get("duration");
        if (!value.canConvertToExactIntegral() || !allowed.contains(value.asInt())) {
            throw invalid("duration");
        }
        return value.asInt();
    }

    private static String resolution(JsonNode body, String model, int duration) {
        List<String> allowed = !IMAGE_ONLY.contains(model) ? List.of("1080p")
                : duration == 4 ? List.of("360p", "720p", "1080p") : List.of("720p");
        if (!Json.has(body, "resolution")) {
            return allowed.get(0);
        }
        String resolution = Json.text(body, "resolution");
        if (resolution == null || !allowed.contains(resolution)) {
            throw invalid("resolution");
        }
        return resolution;
    }

    private static String choice(JsonNode body, String field, Set<String> allowed, String fallback) {
        if (!Json.has(body, field)) {
            return fallback;
        }
        String value = Json.text(body, field);
        if (value == null || !allowed.contains(value)) {
            throw invalid(field);
        }
        return value;
    }

    static Refusal lacking(String field) {
        return new Refusal(400, "FieldLacking", "field is missing or empty: " + field);
    }

    static Refusal invalid(String field) {
        return new Refusal(400, "FieldInvalid", "invalid field: " + field);
    }
}
