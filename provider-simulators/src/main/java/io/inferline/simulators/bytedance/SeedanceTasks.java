package io.inferline.simulators.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimulatedMedia;
import io.inferline.simulators.task.SimTask;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seedance content-generation tasks: the create body ({@code model}, {@code content} with the text prompt, the
 * parameters as top-level fields, strictly checked, or as {@code --name value} commands after the prompt, read
 * leniently) and the task as {@code GET /api/v3/contents/generations/tasks/{id}} shows it.
 */
final class SeedanceTasks {

    private static final Set<String> RESOLUTIONS = Set.of("480p", "720p", "1080p");
    private static final Set<String> RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive");
    private static final Map<String, Long> PIXELS = Map.of("480p", 864L * 480, "720p", 1280L * 720, "1080p", 1920L * 1088);
    private static final int MIN_SECONDS = 2;
    private static final int MAX_SECONDS = 12;
    private static final int FPS = 24;
    private static final Pattern COMMAND = Pattern.compile("--(\\w+)\\s+(\\S+)");
    private static final DateTimeFormatter TOS_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SeedanceTasks() {
    }

    /** Checks a create body; returns what the task remembers: prompt, resolution, ratio, duration, seed. */
    static Map<String, String> check(JsonNode body) {
        JsonNode content = body.get("content");
        if (content == null || content.isNull()) {
            throw ArkRefusal.missing("content");
        }
        if (!content.isArray() || content.isEmpty()) {
            throw ArkRefusal.invalid("content", "The parameter content specified in the request are not valid: expected a non-empty array.");
        }
        String prompt = null;
        for (int i = 0; i < content.size(); i++) {
            JsonNode item = content.get(i);
            String type = Json.text(item, "type");
            if ("text".equals(type)) {
                String text = Json.text(item, "text");
                if (text == null || prompt != null) {
                    throw ArkRefusal.invalid("content." + i + ".text", "The parameter content." + i + ".text specified in the request "
                            + "are not valid: expected one text item with a string.");
                }
                prompt = text;
            } else if ("image_url".equals(type)) {
                if (Json.text(item.path("image_url"), "url") == null) {
                    throw ArkRefusal.missing("content." + i + ".image_url.url");
                }
            } else {
                throw ArkRefusal.invalid("content." + i + ".type", "The parameter content." + i + ".type specified in the request are "
                        + "not valid: expected text or image_url.");
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw ArkRefusal.missing("content.text");
        }
        Map<String, String> commands = commands(prompt);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("prompt", prompt);
        params.put("resolution", choice(body, "resolution", RESOLUTIONS, commands.getOrDefault("rs", commands.get("resolution")), "1080p"));
        params.put("ratio", choice(body, "ratio", RATIOS, commands.getOrDefault("rt", commands.get("ratio")), "16:9"));
        params.put("duration", Integer.toString(duration(body, commands.getOrDefault("dur", commands.get("duration")))));
        JsonNode seed = body.get("seed");
        if (seed != null && !seed.isNull() && (!seed.isIntegralNumber() || seed.asLong() < -1 || seed.asLong() > 4294967295L)) {
            throw ArkRefusal.invalid("seed", "The parameter seed specified in the request are not valid: expected -1 to 4294967295.");
        }
        params.put("seed", seed == null || seed.isNull() || seed.asLong() == -1 ? "58412" : seed.asText());
        for (String flag : new String[] {"camera_fixed", "watermark", "return_last_frame"}) {
            if (body.has(flag) && !body.get(flag).isBoolean()) {
                throw ArkRefusal.invalid(flag, "The parameter " + flag + " specified in the request are not valid: expected a boolean.");
            }
        }
        return params;
    }

    static ObjectNode status(SimTask task, long nowMs, SimRequest request) {
        SimTask.Phase phase = task.phase(nowMs);
        ObjectNode answer = Json.object().put("id", task.id()).put("model", task.model()).put("status", word(phase));
        if (phase == SimTask.Phase.SUCCEEDED) {
            String signature = "?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Date=" + TOS_DATE.format(Instant.ofEpochMilli(task.endsAtMs()))
                    + "&X-Tos-Expires=" + SeedreamImages.URL_LIFETIME_SECONDS + "&X-Tos-Signature=simulated&X-Tos-SignedHeaders=host";
            answer.putObject("content").put("video_url", SimulatedMedia.fileUrl(request, "bytedance", task.id() + ".mp4") + signature);
            long duration = Long.parseLong(task.param("duration"));
            long tokens = PIXELS.get(task.param("resolution")) * FPS * duration / 1024;
            answer.putObject("usage").put("completion_tokens", tokens).put("total_tokens", tokens);
        }
        if (phase == SimTask.Phase.FAILED) {
            answer.putObject("error").put("code", "OutputVideoSensitiveContentDetected")
                    .put("message", "The request failed because the output video may contain sensitive information (simulated).");
        } else {
            answer.putNull("error");
        }
        long updated = phase == SimTask.Phase.QUEUED ? task.createdAtMs() : Math.min(nowMs, task.endsAtMs());
        answer.put("created_at", task.createdAtMs() / 1000).put("updated_at", updated / 1000)
                .put("seed", Long.parseLong(task.param("seed"))).put("resolution", task.param("resolution"))
                .put("ratio", task.param("ratio")).put("duration", Integer.parseInt(task.param("duration")))
                .put("framespersecond", FPS);
        return answer;
    }

    static String word(SimTask.Phase phase) {
        return switch (phase) {
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

    private static String choice(JsonNode body, String field, Set<String> allowed, String command, String fallback) {
        if (body.has(field) && !body.get(field).isNull()) {
            String value = Json.text(body, field);
            if (value == null || !allowed.contains(value)) {
                throw ArkRefusal.invalid(field, "The parameter " + field + " specified in the request are not valid: expected one of "
                        + new java.util.TreeSet<>(allowed) + ".");
            }
            return value;
        }
        return command != null && allowed.contains(command) ? command : fallback;
    }

    private static int duration(JsonNode body, String command) {
        JsonNode value = body.get("duration");
        if (value != null && !value.isNull()) {
            if (!value.isIntegralNumber() || value.asInt() < MIN_SECONDS || value.asInt() > MAX_SECONDS) {
                throw ArkRefusal.invalid("duration", "The parameter duration specified in the request are not valid: expected an "
                        + "integer from " + MIN_SECONDS + " to " + MAX_SECONDS + ".");
            }
            return value.asInt();
        }
        try {
            int seconds = command == null ? 5 : Integer.parseInt(command);
            return seconds >= MIN_SECONDS && seconds <= MAX_SECONDS ? seconds : 5;
        } catch (NumberFormatException lenient) {
            return 5;
        }
    }

    // the text commands are weakly checked: an unknown or bad one is ignored
    private static Map<String, String> commands(String prompt) {
        Map<String, String> commands = new LinkedHashMap<>();
        Matcher matcher = COMMAND.matcher(prompt);
        while (matcher.find()) {
            commands.put(matcher.group(1), matcher.group(2));
        }
        return commands;
    }
}
