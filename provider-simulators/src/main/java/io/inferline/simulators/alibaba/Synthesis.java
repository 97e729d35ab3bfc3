package io.inferline.simulators.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
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

/**
 * The native asynchronous synthesis API: what the create calls of wan2.2 text-to-image and text-to-video refuse, and
 * how a task looks at {@code GET /api/v1/tasks/{task_id}}. Refusals carry the native error code in
 * {@link InvalidRequest#param()}.
 */
final class Synthesis {

    static final String INVALID_PARAMETER = "InvalidParameter";
    /** How long results stay downloadable, as the reference documents. */
    static final long RESULT_LIFETIME_SECONDS = 24 * 3600;

    private static final int MIN_IMAGE_SIDE = 512;
    private static final int MAX_IMAGE_SIDE = 1440;
    private static final Set<String> VIDEO_SIZES = Set.of("832*480", "480*832", "624*624", "1920*1080", "1080*1920",
            "1440*1440", "1632*1248", "1248*1632");
    private static final int FIXED_VIDEO_SECONDS = 5;
    // DashScope reports its times in Beijing time, without a zone
    private static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.ofHours(8));

    private Synthesis() {
    }

    /** The create body of {@code kind}'s path, checked; returns what the task must remember. */
    static Map<String, String> check(JsonNode body, AlibabaSimulator.Kind kind, Set<String> models) {
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            throw new InvalidRequest(400, "Required parameter \"model\" missing from request.", "BadRequest.EmptyModel");
        }
        if (!models.contains(model)) {
            throw bad("Model not exist.");
        }
        if (AlibabaSimulator.kindOf(model) != kind) {
            // the reference's answer to a model called on another service's path
            throw bad("url error, please check url!");
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new InvalidRequest(400, "Required input parameter missing from request.", "BadRequest.EmptyInput");
        }
        String prompt = Json.text(input, "prompt");
        if (prompt == null || prompt.isBlank()) {
            throw bad("input.prompt must be a non-empty string.");
        }
        if (Json.has(input, "negative_prompt") && Json.text(input, "negative_prompt") == null) {
            throw bad("input.negative_prompt must be a string.");
        }
        JsonNode parameters = body.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw bad("parameters must be an object.");
        }
        integer(parameters, "seed", 0, Integer.MAX_VALUE);
        bool(parameters, "prompt_extend");
        bool(parameters, "watermark");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("prompt", prompt);
        if (kind == AlibabaSimulator.Kind.IMAGE) {
            params.put("size", imageSize(parameters));
            params.put("n", Integer.toString(integer(parameters, "n", 1, 4).orElse(4)));
        } else {
            String size = Json.has(parameters, "size") ? Json.text(parameters, "size") : "1920*1080";
            if (size == null || !VIDEO_SIZES.contains(size)) {
                throw bad("parameters.size must be one of " + new java.util.TreeSet<>(VIDEO_SIZES) + " for " + model + ".");
            }
            integer(parameters, "duration", FIXED_VIDEO_SECONDS, FIXED_VIDEO_SECONDS);
            params.put("size", size);
            params.put("duration", Integer.toString(FIXED_VIDEO_SECONDS));
        }
        return params;
    }

    /** The create answer. */
    static ObjectNode created(SimTask task, String requestId) {
        ObjectNode answer = Json.object();
        answer.putObject("output").put("task_status", "PENDING").put("task_id", task.id());
        answer.put("request_id", requestId);
        return answer;
    }

    /** The status answer of a known task. */
    static ObjectNode status(SimTask task, long nowMs, SimRequest request, String requestId) {
        SimTask.Phase phase = task.phase(nowMs);
        ObjectNode answer = Json.object().put("request_id", requestId);
        ObjectNode output = answer.putObject("output").put("task_id", task.id()).put("task_status", word(phase))
                .put("submit_time", TIMES.format(Instant.ofEpochMilli(task.createdAtMs())));
        if (phase != SimTask.Phase.QUEUED && phase != SimTask.Phase.CANCELLED) {
            output.put("scheduled_time", TIMES.format(Instant.ofEpochMilli(task.createdAtMs() + (task.endsAtMs() - task.createdAtMs()) / 5)));
        }
        if (phase == SimTask.Phase.SUCCEEDED || phase == SimTask.Phase.FAILED || phase == SimTask.Phase.CANCELLED) {
            output.put("end_time", TIMES.format(Instant.ofEpochMilli(task.endsAtMs())));
        }
        boolean image = AlibabaSimulator.kindOf(task.model()) == AlibabaSimulator.Kind.IMAGE;
        if (phase == SimTask.Phase.FAILED) {
            output.put("code", "InternalError.Algo").put("message", "An error occurred while the model generated the output (simulated).");
        }
        if (phase == SimTask.Phase.SUCCEEDED) {
            // signed result URLs name their end, as OSS URLs do with Expires (epoch seconds)
            String expires = "?Expires=" + (task.endsAtMs() / 1000 + RESULT_LIFETIME_SECONDS);
            int n = image ? Integer.parseInt(task.param("n")) : 1;
            if (image) {
                ArrayNode results = output.putArray("results");
                for (int i = 0; i < n; i++) {
                    results.addObject().put("orig_prompt", task.param("prompt"))
                            .put("url", SimulatedMedia.fileUrl(request, "alibaba", task.id() + "-" + i + ".png") + expires);
                }
            } else {
                output.put("video_url", SimulatedMedia.fileUrl(request, "alibaba", task.id() + ".mp4") + expires);
                output.put("orig_prompt", task.param("prompt"));
            }
            ObjectNode usage = answer.putObject("usage");
            if (image) {
                usage.put("image_count", n);
            } else {
                usage.put("video_duration", Integer.parseInt(task.param("duration"))).put("video_ratio", task.param("size"))
                        .put("video_count", 1);
            }
        }
        if (image && (phase == SimTask.Phase.SUCCEEDED || phase == SimTask.Phase.FAILED)) {
            int n = Integer.parseInt(task.param("n"));
            int succeeded = phase == SimTask.Phase.SUCCEEDED ? n : 0;
            output.putObject("task_metrics").put("TOTAL", n).put("SUCCEEDED", succeeded).put("FAILED", n - succeeded);
        }
        return answer;
    }

    /** The status answer of a task id the service does not know (never created, or past its 24 hours). */
    static ObjectNode unknown(String taskId, String requestId) {
        ObjectNode answer = Json.object().put("request_id", requestId);
        answer.putObject("output").put("task_id", taskId).put("task_status", "UNKNOWN");
        return answer;
    }

    static String word(SimTask.Phase phase) {
        return switch (phase) {
            case QUEUED -> "PENDING";
            case RUNNING -> "RUNNING";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> "FAILED";
            case CANCELLED -> "CANCELED";
        };
    }

    private static String imageSize(JsonNode parameters) {
        if (!Json.has(parameters, "size")) {
            return "1024*1024";
        }
        String size = Json.text(parameters, "size");
        String[] sides = size == null ? new String[0] : size.split("\\*");
        try {
            if (sides.length == 2) {
                int width = Integer.parseInt(sides[0]);
                int height = Integer.parseInt(sides[1]);
                if (width >= MIN_IMAGE_SIDE && width <= MAX_IMAGE_SIDE && height >= MIN_IMAGE_SIDE && height <= MAX_IMAGE_SIDE) {
                    return size;
                }
            }
        } catch (NumberFormatException notNumbers) {
            // refused below
        }
        throw bad("parameters.size must be <width>*<height> with each side from " + MIN_IMAGE_SIDE + " to " + MAX_IMAGE_SIDE + ".");
    }

    private static java.util.OptionalInt integer(JsonNode parameters, String field, long min, long max) {
        JsonNode value = parameters.get(field);
        if (value == null || value.isNull()) {
            return java.util.OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw bad("parameters." + field + " must be an integer from " + min + " to " + max + ".");
        }
        return java.util.OptionalInt.of(value.asInt());
    }

    private static void bool(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw bad("parameters." + field + " must be a boolean.");
        }
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message, INVALID_PARAMETER);
    }
}
