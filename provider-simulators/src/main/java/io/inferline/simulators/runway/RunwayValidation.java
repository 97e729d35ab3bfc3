package io.inferline.simulators.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * What {@code POST /v1/image_to_video} (Gen-4 Turbo) and {@code POST /v1/text_to_image} (Gen-4 Image) refuse, as
 * the reference documents their fields: a required first frame and {@code ratio}, {@code duration} from 2 to 10,
 * prompts of at most 1,000 characters, seeds up to 2^32 - 1, images as HTTPS URLs or data URIs of at most 5 MB.
 */
final class RunwayValidation {

    static final int MAX_PROMPT_CHARS = 1000;
    static final int MIN_SECONDS = 2;
    static final int MAX_SECONDS = 10;
    /** What the API assumes when a video request names no duration. */
    static final int DEFAULT_SECONDS = 10;
    static final long MAX_SEED = 4_294_967_295L;
    static final int MAX_DATA_URI_CHARS = 5 * 1024 * 1024;
    static final int MAX_REFERENCE_IMAGES = 3;

    static final Set<String> VIDEO_RATIOS = Set.of("1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672");
    static final Set<String> IMAGE_RATIOS = Set.of("1024:1024", "1080:1080", "1168:880", "1360:768", "1440:1080",
            "1080:1440", "1808:768", "1920:1080", "1080:1920", "2112:912", "1280:720", "720:1280", "720:720", "960:720",
            "720:960", "1680:720");
    private static final Set<String> THRESHOLDS = Set.of("auto", "low");

    /** A valid create call, read: what the task remembers. */
    record Creation(String model, Map<String, String> params) {
    }

    private RunwayValidation() {
    }

    static Creation imageToVideo(JsonNode body, Set<String> videoModels) {
        String model = model(body, videoModels);
        JsonNode image = body.get("promptImage");
        if (image == null || image.isNull()) {
            throw bad("promptImage", "Required");
        }
        if (image.isTextual()) {
            imageUri(image.asText(), "promptImage");
        } else if (image.isArray()) {
            if (image.size() != 1) {
                throw bad("promptImage", "gen4_turbo takes exactly one image, the first frame");
            }
            JsonNode first = image.get(0);
            if (!"first".equals(Json.text(first, "position"))) {
                throw bad("promptImage.0.position", "Invalid enum value. Expected 'first'");
            }
            imageUri(Json.text(first, "uri"), "promptImage.0.uri");
        } else {
            throw bad("promptImage", "Expected string or array");
        }
        String ratio = ratio(body, VIDEO_RATIOS);
        int duration = DEFAULT_SECONDS;
        if (Json.has(body, "duration")) {
            JsonNode value = body.get("duration");
            if (!value.canConvertToExactIntegral() || value.asInt() < MIN_SECONDS || value.asInt() > MAX_SECONDS) {
                throw bad("duration", "Number must be an integer from " + MIN_SECONDS + " to " + MAX_SECONDS);
            }
            duration = value.asInt();
        }
        if (Json.has(body, "promptText")) {
            promptText(body);
        }
        common(body);
        return new Creation(model, Map.of("kind", "video", "duration", Integer.toString(duration), "ratio", ratio));
    }

    static Creation textToImage(JsonNode body, Set<String> imageModels) {
        String model = model(body, imageModels);
        promptText(body);
        String ratio = ratio(body, IMAGE_RATIOS);
        if (Json.has(body, "referenceImages")) {
            JsonNode references = body.get("referenceImages");
            if (!references.isArray() || references.size() > MAX_REFERENCE_IMAGES) {
                throw bad("referenceImages", "Expected an array of at most " + MAX_REFERENCE_IMAGES + " images");
            }
            for (int i = 0; i < references.size(); i++) {
                imageUri(Json.text(references.get(i), "uri"), "referenceImages." + i + ".uri");
            }
        }
        common(body);
        return new Creation(model, Map.of("kind", "image", "ratio", ratio));
    }

    private static String model(JsonNode body, Set<String> allowed) {
        String model = Json.text(body, "model");
        if (model == null) {
            throw bad("model", "Required");
        }
        if (!allowed.contains(model)) {
            throw bad("model", "Invalid enum value. Expected one of " + allowed + ", received '" + model + "'");
        }
        return model;
    }

    private static void promptText(JsonNode body) {
        String text = Json.text(body, "promptText");
        if (text == null || text.isEmpty()) {
            throw bad("promptText", "Expected a non-empty string");
        }
        if (text.length() > MAX_PROMPT_CHARS) {
            throw bad("promptText", "String must contain at most " + MAX_PROMPT_CHARS + " character(s)");
        }
    }

    private static String ratio(JsonNode body, Set<String> allowed) {
        String ratio = Json.text(body, "ratio");
        if (ratio == null) {
            throw bad("ratio", "Required");
        }
        if (!allowed.contains(ratio)) {
            throw bad("ratio", "Invalid enum value. Expected one of " + allowed + ", received '" + ratio + "'");
        }
        return ratio;
    }

    private static void common(JsonNode body) {
        if (Json.has(body, "seed")) {
            JsonNode seed = body.get("seed");
            if (!seed.canConvertToExactIntegral() || seed.asLong() < 0 || seed.asLong() > MAX_SEED) {
                throw bad("seed", "Number must be an integer from 0 to " + MAX_SEED);
            }
        }
        if (Json.has(body, "contentModeration")) {
            JsonNode moderation = body.get("contentModeration");
            String threshold = moderation.isObject() ? Json.text(moderation, "publicFigureThreshold") : null;
            if (!moderation.isObject() || (Json.has(moderation, "publicFigureThreshold") && !THRESHOLDS.contains(threshold))) {
                throw bad("contentModeration.publicFigureThreshold", "Invalid enum value. Expected 'auto' | 'low'");
            }
        }
    }

    // an HTTPS URL, or a base64 data URI of an image of at most 5 MB
    private static void imageUri(String uri, String path) {
        if (uri == null || uri.isBlank()) {
            throw bad(path, "Required");
        }
        if (uri.startsWith("https://")) {
            return;
        }
        if (!uri.startsWith("data:image/")) {
            throw bad(path, "Expected an HTTPS URL, a Runway upload URI or a data URI of an image");
        }
        if (uri.length() > MAX_DATA_URI_CHARS) {
            throw bad(path, "Data URIs must be at most 5MB");
        }
        int comma = uri.indexOf(',');
        if (comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
            throw bad(path, "Expected a base64 data URI");
        }
        try {
            Base64.getDecoder().decode(uri.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw bad(path, "The data URI is not valid base64");
        }
    }

    /** A 400 naming the field, as the API's validation errors do. */
    static InvalidRequest bad(String path, String message) {
        return new InvalidRequest(400, message, path);
    }
}
