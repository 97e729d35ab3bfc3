package io.inferline.simulators.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimulatedMedia;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v3/images/generations} for Seedream 4.0: synchronous, one image (or, with
 * {@code sequential_image_generation: auto}, up to {@code max_images}) as a signed URL or as {@code b64_json}.
 */
final class SeedreamImages {

    /** A 1x1 JPEG: Seedream answers JPEG images. */
    static final byte[] JPEG = Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAx"
            + "NDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
            + "MjIyMjIyMjL/wAARCAABAAEDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUF"
            + "BAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW"
            + "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi"
            + "4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAEC"
            + "AxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm"
            + "Z2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq"
            + "8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDOooor6Q+fP//Z");

    /** How long image URLs stay signed, as the reference documents (24 hours). */
    static final long URL_LIFETIME_SECONDS = 24 * 3600;

    private static final Map<String, int[]> RESOLUTIONS = Map.of("1K", new int[] {1024, 1024}, "2K", new int[] {2048, 2048},
            "4K", new int[] {4096, 4096});
    private static final long MIN_PIXELS = 1280L * 720;
    private static final long MAX_PIXELS = 4096L * 4096;
    private static final Set<String> FORMATS = Set.of("url", "b64_json");
    private static final DateTimeFormatter TOS_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A checked request. */
    record Generation(String model, int width, int height, boolean base64, int images) {
    }

    private SeedreamImages() {
    }

    static Generation check(JsonNode body, String model) {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            throw ArkRefusal.missing("prompt");
        }
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw ArkRefusal.invalid("prompt", "The parameter prompt specified in the request are not valid: expected a non-empty string.");
        }
        int[] size = size(body);
        String format = body.has("response_format") ? Json.text(body, "response_format") : "url";
        if (format == null || !FORMATS.contains(format)) {
            throw ArkRefusal.invalid("response_format", "The parameter response_format specified in the request are not valid: "
                    + "expected url or b64_json.");
        }
        if (body.has("watermark") && !body.get("watermark").isBoolean()) {
            throw ArkRefusal.invalid("watermark", "The parameter watermark specified in the request are not valid: expected a boolean.");
        }
        if (body.path("stream").asBoolean(false)) {
            throw ArkRefusal.invalid("stream", "The simulator does not stream: stream must be false or absent.");
        }
        String sequential = body.has("sequential_image_generation") ? Json.text(body, "sequential_image_generation") : "disabled";
        if (!"disabled".equals(sequential) && !"auto".equals(sequential)) {
            throw ArkRefusal.invalid("sequential_image_generation", "The parameter sequential_image_generation specified in the "
                    + "request are not valid: expected disabled or auto.");
        }
        int images = 1;
        JsonNode max = body.path("sequential_image_generation_options").path("max_images");
        if ("auto".equals(sequential) && !max.isMissingNode()) {
            if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > 15) {
                throw ArkRefusal.invalid("sequential_image_generation_options.max_images", "The parameter "
                        + "sequential_image_generation_options.max_images specified in the request are not valid: expected 1 to 15.");
            }
            images = max.asInt();
        }
        return new Generation(model, size[0], size[1], "b64_json".equals(format), images);
    }

    static ObjectNode answer(Generation generation, SimRequest request) {
        ObjectNode answer = Json.object().put("model", generation.model()).put("created", System.currentTimeMillis() / 1000);
        ArrayNode data = answer.putArray("data");
        String signature = "?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Date=" + TOS_DATE.format(Instant.now())
                + "&X-Tos-Expires=" + URL_LIFETIME_SECONDS + "&X-Tos-Signature=simulated&X-Tos-SignedHeaders=host";
        for (int i = 0; i < generation.images(); i++) {
            ObjectNode image = data.addObject();
            if (generation.base64()) {
                image.put("b64_json", Base64.getEncoder().encodeToString(JPEG));
            } else {
                image.put("url", SimulatedMedia.fileUrl(request, "bytedance", Replies.id("img-") + ".jpeg") + signature);
            }
            image.put("size", generation.width() + "x" + generation.height());
        }
        long tokens = (long) generation.width() * generation.height() / 256 * generation.images();
        answer.putObject("usage").put("generated_images", generation.images()).put("output_tokens", tokens).put("total_tokens", tokens);
        return answer;
    }

    private static int[] size(JsonNode body) {
        if (!body.has("size") || body.get("size").isNull()) {
            return new int[] {2048, 2048};
        }
        String size = Json.text(body, "size");
        if (size != null && RESOLUTIONS.containsKey(size)) {
            return RESOLUTIONS.get(size);
        }
        String[] sides = size == null ? new String[0] : size.split("x");
        try {
            if (sides.length == 2) {
                int width = Integer.parseInt(sides[0]);
                int height = Integer.parseInt(sides[1]);
                long pixels = (long) width * height;
                boolean aspect = width * 16L >= height && height * 16L >= width;
                if (pixels >= MIN_PIXELS && pixels <= MAX_PIXELS && aspect) {
                    return new int[] {width, height};
                }
            }
        } catch (NumberFormatException notNumbers) {
            // refused below
        }
        throw ArkRefusal.invalid("size", "The parameter size specified in the request are not valid: expected 1K, 2K, 4K or "
                + "<width>x<height> of 1280x720 to 4096x4096 pixels with an aspect ratio from 1:16 to 16:1.");
    }
}
