package io.inferline.workers.provider.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code GET /api/v1/tasks/{task_id}} answers: {@code {request_id, output:{task_id, task_status, ...}, usage}}. */
final class TaskAnswer {

    private TaskAnswer() {
    }

    static TaskStep read(JsonNode root, RoutedRequest request, TaskHandle task, Instant now) {
        JsonNode output = AnswerFields.object(root, "output", "output");
        String status = AnswerFields.text(output, "task_status", "output.task_status");
        return switch (status) {
            // SUSPENDED is a status of DashScope's task list: the task waits, as a queued one does
            case "PENDING", "SUSPENDED" -> new TaskStep.Running(task, TaskState.PENDING, status, Optional.empty());
            case "RUNNING" -> new TaskStep.Running(task, TaskState.RUNNING, status, Optional.empty());
            case "SUCCEEDED" -> request.getCapability() == Capability.VIDEO
                    ? video(root, output, request, task, now)
                    : images(root, output, task, now);
            case "FAILED" -> new TaskStep.Ended(TaskState.FAILED, status, reason(output, "task_failed", "the task failed without a reason"));
            case "CANCELED" -> new TaskStep.Ended(TaskState.CANCELLED, status,
                    error("task_cancelled", "the task was cancelled before it ran"));
            // DashScope keeps a task for 24 hours; after that (or for an id it never had) it answers UNKNOWN
            case "UNKNOWN" -> new TaskStep.Ended(TaskState.EXPIRED, status,
                    error("task_unknown", "DashScope no longer knows task " + task.taskId() + ": tasks are kept for 24 hours"));
            default -> throw new InvalidAnswerException("the answer's output.task_status is '" + UpstreamText.message(status)
                    + "', not a DashScope task status");
        };
    }

    // results hold an url per image made, or code and message for each that failed
    private static TaskStep images(JsonNode root, JsonNode output, TaskHandle task, Instant now) {
        JsonNode results = AnswerFields.array(output, "results", "output.results");
        List<BinaryRef> images = new ArrayList<>();
        ErrorInfo firstFailure = null;
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            String path = "output.results[" + i + "]";
            if (result.path("url").isTextual()) {
                images.add(ResultUrls.read(result.path("url").asText(), path + ".url", "image/png", now));
            } else if (result.path("code").isTextual() || result.path("message").isTextual()) {
                firstFailure = firstFailure != null ? firstFailure : reason(result, "image_failed", "the image failed without a reason");
            } else {
                throw new InvalidAnswerException("the answer's " + path + " has neither url nor code (a string)");
            }
        }
        if (images.isEmpty()) {
            if (firstFailure == null) {
                throw new InvalidAnswerException("the answer's output.results is empty");
            }
            return new TaskStep.Ended(TaskState.FAILED, "SUCCEEDED", firstFailure);
        }
        long count = AnswerFields.optionalCount(root.path("usage"), "image_count", "usage.image_count").orElse(images.size());
        Output out = Output.newBuilder().setBinaries(images).setFinishReason(FinishReason.STOP).build();
        Usage usage = Usage.newBuilder().setUnits(count).setUnitKind(UnitKind.IMAGES).build();
        return new TaskStep.Succeeded(new AdapterResult.Success(out, usage, Optional.of(task.taskId())), "SUCCEEDED");
    }

    private static TaskStep video(JsonNode root, JsonNode output, RoutedRequest request, TaskHandle task, Instant now) {
        String url = AnswerFields.text(output, "video_url", "output.video_url");
        BinaryRef video = ResultUrls.read(url, "output.video_url", "video/mp4", now);
        JsonNode usage = root.path("usage");
        long seconds = seconds(usage, "video_duration")
                .or(() -> seconds(usage, "duration"))
                .orElseGet(() -> SynthesisBody.expectedSeconds(request));
        Output out = Output.newBuilder().setBinaries(List.of(video)).setFinishReason(FinishReason.STOP).build();
        Usage units = Usage.newBuilder().setUnits(seconds).setUnitKind(UnitKind.SECONDS).build();
        return new TaskStep.Succeeded(new AdapterResult.Success(out, units, Optional.of(task.taskId())), "SUCCEEDED");
    }

    // whole seconds, rounded up: a 5.04-second video bills 6 seconds, as a per-second price would
    private static Optional<Long> seconds(JsonNode usage, String field) {
        JsonNode value = usage.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw new InvalidAnswerException("the answer's usage." + field + " is not a non-negative number");
        }
        return Optional.of((long) Math.ceil(value.asDouble()));
    }

    private static ErrorInfo reason(JsonNode holder, String fallbackCode, String fallbackMessage) {
        String code = holder.path("code").isTextual() && !holder.path("code").asText().isBlank() ? holder.path("code").asText() : fallbackCode;
        String message = holder.path("message").isTextual() && !holder.path("message").asText().isBlank()
                ? UpstreamText.message(holder.path("message").asText()) : fallbackMessage;
        return error(code, message);
    }

    private static ErrorInfo error(String code, String message) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(false).build();
    }
}
