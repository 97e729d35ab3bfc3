package io.inferline.workers.provider.vidu;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Vidu's task answers: the create answer ({@code task_id}, {@code state}, the echoed parameters) and
 * {@code GET /ent/v2/tasks/{id}/creations} ({@code state}, {@code err_code}, {@code creations:[{id, url, cover_url}]}).
 */
final class CreationsAnswer {

    /** The reference: result and cover URLs are "valid for 24 hours". */
    static final Duration URL_LIFETIME = Duration.ofHours(24);
    /** The {@code err_code} of a task stopped by a cancel call. */
    static final String USER_CANCELLED = "UserCancelled";

    // the reference's descriptions of the codes a task can fail with, for the message
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("AuditSubmitIllegal", "the input did not pass the safety review"),
            Map.entry("TaskPromptPolicyViolation", "the prompt triggered the policy review"),
            Map.entry("CreationPolicyViolation", "the generated content triggered a policy violation"),
            Map.entry("ModelUnavailable", "the requested model is unavailable"),
            Map.entry("ImageDownloadFailure", "the start frame's URL could not be downloaded"),
            Map.entry("ImageFormatInvalid", "the start frame's format is not supported"),
            Map.entry("PageSizeOutOfRange", "the start frame's size or shape is out of range"),
            Map.entry("ImageCheckFaceFailed", "no face was detected in the input image"),
            Map.entry("ImageCheckBodyJointsFailed", "no body was detected in the input image"),
            Map.entry("ImageObjectsUndetected", "the body or face in the input image is covered"),
            Map.entry("CreditInsufficient", "the account has too few credits"),
            Map.entry("InternalServiceFailure", "an internal service failure"));
    // failures the reference tells to try again
    private static final Set<String> RETRYABLE = Set.of("InternalServiceFailure", "ModelUnavailable");
    private static final Map<String, String> TYPES = Map.of(".mp4", "video/mp4", ".png", "image/png",
            ".jpg", "image/jpeg", ".jpeg", "image/jpeg", ".webp", "image/webp");

    private CreationsAnswer() {
    }

    /** The task id of a create answer. */
    static String taskId(JsonNode root) {
        JsonNode id = root.path("task_id");
        String value = id.isTextual() ? id.asText() : id.isIntegralNumber() ? id.asText() : null;
        if (value == null) {
            throw new InvalidAnswerException("the answer has no task_id (a string)");
        }
        if (value.isBlank()) {
            throw new InvalidAnswerException("the answer's task_id is empty");
        }
        return value.strip();
    }

    /** The seconds the create answer says the video lasts, else those asked for. */
    static int seconds(JsonNode root, int asked) {
        JsonNode duration = root.path("duration");
        if (duration.isMissingNode() || duration.isNull()) {
            return asked;
        }
        if (!duration.canConvertToExactIntegral() || duration.asInt() <= 0) {
            throw new InvalidAnswerException("the answer's duration is not a positive whole number");
        }
        return duration.asInt();
    }

    static TaskStep read(JsonNode root, TaskHandle handle, int askedSeconds, Instant now) {
        Optional<String> id = AnswerFields.optionalText(root, "id");
        if (id.isPresent() && !id.get().isBlank() && !id.get().equals(handle.taskId())) {
            throw new InvalidAnswerException("the answer is about task " + id.get() + ", not " + handle.taskId());
        }
        String state = AnswerFields.text(root, "state", "state");
        return switch (state) {
            case "created", "queueing" -> new TaskStep.Running(handle, TaskState.PENDING, state, Optional.empty());
            case "processing" -> new TaskStep.Running(handle, TaskState.RUNNING, state, Optional.empty());
            case "success" -> new TaskStep.Succeeded(success(root, handle, askedSeconds, now), state);
            case "failed" -> failed(root, handle);
            default -> throw new InvalidAnswerException("the answer's state '" + UpstreamText.message(state)
                    + "' is none of created, queueing, processing, success, failed");
        };
    }

    private static TaskStep failed(JsonNode root, TaskHandle handle) {
        String code = AnswerFields.optionalText(root, "err_code").filter(c -> !c.isBlank()).orElse("task_failed");
        if (code.equals(USER_CANCELLED)) {
            return new TaskStep.Ended(TaskState.CANCELLED, "failed", ErrorInfo.newBuilder()
                    .setCode(code)
                    .setMessage("the Vidu task " + handle.taskId() + " was cancelled")
                    .setRetryable(false)
                    .build());
        }
        String description = DESCRIPTIONS.getOrDefault(code, "Vidu reported the task failed");
        return new TaskStep.Ended(TaskState.FAILED, "failed", ErrorInfo.newBuilder()
                .setCode(code)
                .setMessage(UpstreamText.message(description + " (" + code + ")"))
                .setRetryable(RETRYABLE.contains(code))
                .build());
    }

    private static AdapterResult.Success success(JsonNode root, TaskHandle handle, int askedSeconds, Instant now) {
        JsonNode creations = AnswerFields.nonEmptyArray(root, "creations", "creations");
        List<BinaryRef> binaries = new ArrayList<>();
        for (int i = 0; i < creations.size(); i++) {
            JsonNode creation = creations.get(i);
            String path = "creations[" + i + "]";
            String url = AnswerFields.text(creation, "url", path + ".url");
            binaries.add(InlineBinaries.url(url, type(url, path + ".url", "video/mp4"), now.plus(URL_LIFETIME)));
            Optional<String> cover = AnswerFields.optionalText(creation, "cover_url").filter(c -> !c.isBlank());
            if (cover.isPresent()) {
                binaries.add(InlineBinaries.url(cover.get(), type(cover.get(), path + ".cover_url", "image/jpeg"),
                        now.plus(URL_LIFETIME)));
            }
        }
        Usage usage = Usage.newBuilder().setUnits(handle.number(ViduAdapter.SECONDS, askedSeconds))
                .setUnitKind(UnitKind.SECONDS).build();
        return TaskOutputs.success(handle, binaries, usage);
    }

    private static String type(String url, String path, String fallback) {
        return TaskOutputs.typeOf(TaskOutputs.httpUrl(url, path), TYPES, fallback);
    }
}
