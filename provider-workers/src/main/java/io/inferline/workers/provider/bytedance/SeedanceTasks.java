package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Seedance content-generation tasks: the create body, {@code {model, content:[{type:"text", text}], resolution, ratio,
 * duration, seed, camera_fixed, watermark}}, and the task's status answer.
 */
final class SeedanceTasks {

    static final String RESOLUTION = "resolution";
    static final String RATIO = "ratio";
    static final String CAMERA_FIXED = "camera_fixed";
    static final String WATERMARK = "watermark";
    /** The length of a video when neither the request nor the answer says: the API's default. */
    static final int DEFAULT_SECONDS = 5;

    private static final Set<String> EXTRA_KEYS = Set.of(RESOLUTION, RATIO, CAMERA_FIXED, WATERMARK);
    private static final Pattern RESOLUTION_WORD = Pattern.compile("\\d{3,4}p");
    private static final Pattern RATIO_WORD = Pattern.compile("\\d{1,2}:\\d{1,2}|adaptive");
    private static final long MAX_SEED = 4_294_967_295L;

    private SeedanceTasks() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = ArkAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": a video request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.putArray("content").addObject().put("type", "text").put("text", prompt);
        Optional<String> resolution = extra.text(RESOLUTION);
        Optional<String> ratio = extra.text(RATIO);
        if (options.getSize() != null && !options.getSize().isBlank()) {
            String size = options.getSize().strip().toLowerCase(Locale.ROOT);
            if (RESOLUTION_WORD.matcher(size).matches()) {
                resolution = resolution.or(() -> Optional.of(size));
            } else if (RATIO_WORD.matcher(size).matches()) {
                ratio = ratio.or(() -> Optional.of(size));
            } else {
                throw Unsupported.because(provider + ": options.size must be a resolution (480p, 720p, 1080p) or an aspect ratio "
                        + "(16:9, 9:16, ...) for Seedance, not '" + options.getSize() + "'");
            }
        }
        resolution.ifPresent(value -> body.put("resolution", value));
        ratio.ifPresent(value -> body.put("ratio", value));
        if (options.getDurationSeconds() != null) {
            if (options.getDurationSeconds() < 1) {
                throw Unsupported.because(provider + ": duration_seconds must be positive, the request has " + options.getDurationSeconds());
            }
            body.put("duration", options.getDurationSeconds());
        }
        if (options.getSeed() != null) {
            if (options.getSeed() < -1 || options.getSeed() > MAX_SEED) {
                throw Unsupported.because(provider + ": seed must be from -1 to " + MAX_SEED + ", the request has " + options.getSeed());
            }
            body.put("seed", options.getSeed());
        }
        ExtraFlags.read(options, CAMERA_FIXED).ifPresent(value -> body.put("camera_fixed", value));
        ExtraFlags.read(options, WATERMARK).ifPresent(value -> body.put("watermark", value));
        return body;
    }

    /** The create answer, {@code {"id": "cgt-..."}}. */
    static TaskStep created(JsonNode root) {
        String id = AnswerFields.text(root, "id", "id").strip();
        if (id.isEmpty()) {
            throw new InvalidAnswerException("the answer's id is empty");
        }
        return new TaskStep.Running(TaskHandle.of(id), TaskState.PENDING, "queued", Optional.empty());
    }

    static TaskStep polled(JsonNode root, RoutedRequest request, TaskHandle task, Instant now) {
        String status = AnswerFields.text(root, "status", "status");
        return switch (status) {
            case "queued" -> new TaskStep.Running(task, TaskState.PENDING, status, Optional.empty());
            case "running" -> new TaskStep.Running(task, TaskState.RUNNING, status, Optional.empty());
            case "succeeded" -> succeeded(root, request, task, now);
            case "failed" -> new TaskStep.Ended(TaskState.FAILED, status, reason(root.path("error")));
            case "cancelled" -> new TaskStep.Ended(TaskState.CANCELLED, status,
                    error("task_cancelled", "the task was cancelled while it was queued"));
            // a task that was not done within its execution_expires_after
            case "expired" -> new TaskStep.Ended(TaskState.EXPIRED, status,
                    error("task_expired", "the task did not finish before it expired"));
            default -> throw new InvalidAnswerException("the answer's status is '" + UpstreamText.message(status)
                    + "', not an Ark task status");
        };
    }

    private static TaskStep succeeded(JsonNode root, RoutedRequest request, TaskHandle task, Instant now) {
        JsonNode content = AnswerFields.object(root, "content", "content");
        BinaryRef video = SignedUrls.read(AnswerFields.text(content, "video_url", "content.video_url"), "content.video_url", "video/mp4", now);
        long seconds = AnswerFields.optionalCount(root, "duration", "duration").orElseGet(() -> expectedSeconds(request));
        long tokens = AnswerFields.optionalCount(root.path("usage"), "completion_tokens", "usage.completion_tokens").orElse(0);
        Output output = Output.newBuilder().setBinaries(List.of(video)).setFinishReason(FinishReason.STOP).build();
        Usage usage = Usage.newBuilder().setOutputTokens(tokens).setUnits(seconds).setUnitKind(UnitKind.SECONDS).build();
        return new TaskStep.Succeeded(new AdapterResult.Success(output, usage, Optional.of(task.taskId())), "succeeded");
    }

    static long expectedSeconds(RoutedRequest request) {
        Integer asked = request.getRequest().getOptions().getDurationSeconds();
        return asked != null && asked > 0 ? asked : DEFAULT_SECONDS;
    }

    private static ErrorInfo reason(JsonNode error) {
        String code = error.path("code").isTextual() && !error.path("code").asText().isBlank() ? error.path("code").asText() : "task_failed";
        String message = error.path("message").isTextual() && !error.path("message").asText().isBlank()
                ? UpstreamText.message(error.path("message").asText()) : "the task failed without a reason";
        return error(code, message);
    }

    private static ErrorInfo error(String code, String message) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(false).build();
    }
}
