package io.inferline.workers.provider.assemblyai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.Output;
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
import java.util.Optional;

/** Reads a transcript resource (the create answer and every status answer have its shape) into a task step. */
final class TranscriptAnswer {

    static final String QUEUED = "queued";
    static final String PROCESSING = "processing";
    static final String COMPLETED = "completed";
    static final String ERROR = "error";
    /** The {@code ErrorInfo} code of a transcript that ended in {@code error}. */
    static final String FAILED_CODE = "transcription_failed";

    private TranscriptAnswer() {
    }

    /**
     * @param task the handle being polled, or null for the create answer (whose {@code id} becomes the handle)
     */
    static TaskStep step(JsonNode root, TaskHandle task, int httpStatus) {
        TaskHandle handle = task != null ? task : TaskHandle.of(id(root));
        if (task != null) {
            Optional<String> other = AnswerFields.optionalText(root, "id").filter(id -> !id.equals(task.taskId()));
            if (other.isPresent()) {
                throw new InvalidAnswerException("the answer is about transcript " + other.get() + ", not " + task.taskId());
            }
        }
        String status = AnswerFields.text(root, "status", "status");
        return switch (status) {
            // queued only when the account's concurrency is used up; otherwise transcripts go straight to processing
            case QUEUED -> new TaskStep.Running(handle, TaskState.PENDING, status, Optional.empty());
            case PROCESSING -> new TaskStep.Running(handle, TaskState.RUNNING, status, Optional.empty());
            case COMPLETED -> new TaskStep.Succeeded(completed(root, handle.taskId()), status);
            case ERROR -> new TaskStep.Ended(TaskState.FAILED, status, ErrorInfo.newBuilder()
                    .setCode(FAILED_CODE)
                    .setMessage(UpstreamText.message(AnswerFields.optionalText(root, "error")
                            .filter(message -> !message.isBlank())
                            .orElse("AssemblyAI ended the transcript with status error and no message")))
                    .setRetryable(false)
                    .setUpstreamStatus(httpStatus)
                    .build());
            default -> throw new InvalidAnswerException("the answer's status '" + status
                    + "' is not one of queued, processing, completed, error");
        };
    }

    private static String id(JsonNode root) {
        String id = AnswerFields.text(root, "id", "id");
        if (id.isBlank()) {
            throw new InvalidAnswerException("the answer's id is empty");
        }
        return id;
    }

    private static AdapterResult.Success completed(JsonNode root, String id) {
        Output output = Output.newBuilder().setText(text(root)).setFinishReason(FinishReason.STOP).build();
        Usage usage = Usage.newBuilder().setUnits(seconds(root)).setUnitKind(UnitKind.SECONDS).build();
        return new AdapterResult.Success(output, usage, Optional.of(id));
    }

    // null is the transcript of audio without speech; an absent or non-text field is not a transcript
    private static String text(JsonNode root) {
        JsonNode text = root.path("text");
        if (text.isMissingNode()) {
            throw new InvalidAnswerException("the answer has no text (a string) on a completed transcript");
        }
        if (text.isNull()) {
            return "";
        }
        if (!text.isTextual()) {
            throw new InvalidAnswerException("the answer's text is not a string");
        }
        return text.asText();
    }

    // whole seconds in the reference; a fraction is rounded up, as per-second billing does
    private static long seconds(JsonNode root) {
        JsonNode duration = root.path("audio_duration");
        if (!duration.isNumber() || duration.asDouble() < 0) {
            throw new InvalidAnswerException("the answer has no audio_duration (a non-negative number of seconds) "
                    + "on a completed transcript");
        }
        return duration.isIntegralNumber() && duration.canConvertToLong() ? duration.asLong() : (long) Math.ceil(duration.asDouble());
    }
}
