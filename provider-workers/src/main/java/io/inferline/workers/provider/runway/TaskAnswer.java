package io.inferline.workers.provider.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskOutputs;
import io.inferline.workers.provider.task.TaskStep;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code GET /v1/tasks/{id}}: {@code {id, createdAt, status, progress?, output?, failure?, failureCode?}}. */
final class TaskAnswer {

    /** The reference: "URLs will expire within 24-48 hours"; the earlier bound is the one to count on. */
    static final Duration URL_LIFETIME = Duration.ofHours(24);
    /** The reference: "do not expect updates more frequent than once every five seconds". */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Map<String, String> TYPES = Map.of(".mp4", "video/mp4", ".webm", "video/webm",
            ".mov", "video/quicktime", ".png", "image/png", ".jpg", "image/jpeg", ".jpeg", "image/jpeg", ".webp", "image/webp");

    private TaskAnswer() {
    }

    /**
     * @param askedSeconds the seconds the request asks for, billed when the handle does not say what was sent
     */
    static TaskStep read(JsonNode root, TaskHandle handle, CreateBody.Kind kind, int askedSeconds, Instant now) {
        Optional<String> id = AnswerFields.optionalText(root, "id");
        if (id.isPresent() && !id.get().equals(handle.taskId())) {
            throw new InvalidAnswerException("the answer is about task " + id.get() + ", not " + handle.taskId());
        }
        String status = AnswerFields.text(root, "status", "status");
        return switch (status) {
            case "PENDING", "THROTTLED" -> new TaskStep.Running(handle, TaskState.PENDING, status, Optional.of(POLL_INTERVAL));
            case "RUNNING" -> new TaskStep.Running(handle, TaskState.RUNNING, status, Optional.of(POLL_INTERVAL));
            case "SUCCEEDED" -> new TaskStep.Succeeded(success(root, handle, kind, askedSeconds, now), status);
            case "FAILED" -> new TaskStep.Ended(TaskState.FAILED, status, failure(root));
            case "CANCELLED" -> new TaskStep.Ended(TaskState.CANCELLED, status, ErrorInfo.newBuilder()
                    .setCode("cancelled")
                    .setMessage("the Runway task " + handle.taskId() + " was cancelled or deleted")
                    .setRetryable(false)
                    .build());
            default -> throw new InvalidAnswerException("the answer's status '" + UpstreamText.message(status)
                    + "' is none of PENDING, THROTTLED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
        };
    }

    private static AdapterResult.Success success(JsonNode root, TaskHandle handle, CreateBody.Kind kind, int askedSeconds,
                                                 Instant now) {
        JsonNode output = AnswerFields.nonEmptyArray(root, "output", "output");
        List<BinaryRef> binaries = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) {
            JsonNode url = output.get(i);
            if (!url.isTextual()) {
                throw new InvalidAnswerException("the answer's output[" + i + "] is not a string");
            }
            URI uri = TaskOutputs.httpUrl(url.asText(), "output[" + i + "]");
            String fallback = kind == CreateBody.Kind.VIDEO ? "video/mp4" : "image/png";
            binaries.add(InlineBinaries.url(url.asText(), TaskOutputs.typeOf(uri, TYPES, fallback), now.plus(URL_LIFETIME)));
        }
        Usage usage = kind == CreateBody.Kind.VIDEO
                ? Usage.newBuilder().setUnits(handle.number(RunwayAdapter.SECONDS, askedSeconds))
                        .setUnitKind(UnitKind.SECONDS).build()
                : Usage.newBuilder().setUnits(binaries.size()).setUnitKind(UnitKind.IMAGES).build();
        return TaskOutputs.success(handle, binaries, usage);
    }

    // SAFETY.* failures are final; INTERNAL.* ones (a rejected output, a moderation outage) may pass on a new task
    private static ErrorInfo failure(JsonNode root) {
        String code = AnswerFields.optionalText(root, "failureCode").filter(c -> !c.isBlank()).orElse("task_failed");
        String reason = AnswerFields.optionalText(root, "failure").filter(f -> !f.isBlank())
                .orElse("Runway reported the task FAILED without a reason");
        boolean retryable = code.startsWith("INTERNAL") || code.equals("INPUT_PREPROCESSING.INTERNAL");
        return ErrorInfo.newBuilder()
                .setCode(code)
                .setMessage(UpstreamText.message(reason))
                .setRetryable(retryable)
                .build();
    }
}
