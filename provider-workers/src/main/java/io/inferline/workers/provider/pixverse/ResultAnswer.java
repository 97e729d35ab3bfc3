package io.inferline.workers.provider.pixverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskOutputs;
import io.inferline.workers.provider.task.TaskStep;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code Resp} of {@code GET /openapi/v2/video/result/{id}}: {@code {id, status, url, ...}}. */
final class ResultAnswer {

    static final int SUCCEEDED = 1;
    static final int GENERATING = 5;
    static final int DELETED = 6;
    static final int MODERATED = 7;
    static final int FAILED = 8;
    private static final Map<String, String> TYPES = Map.of(".webm", "video/webm", ".mov", "video/quicktime");

    private ResultAnswer() {
    }

    /** The video id of a create answer's {@code Resp}: a number, or a string where the API sends one. */
    static String videoId(JsonNode resp) {
        JsonNode id = resp.path("video_id");
        if (id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank())) {
            return id.asText().strip();
        }
        throw new InvalidAnswerException("the answer has no Resp.video_id (a number)");
    }

    static TaskStep read(JsonNode resp, TaskHandle handle, int askedSeconds, Instant now) {
        JsonNode id = resp.path("id");
        if ((id.isIntegralNumber() || id.isTextual()) && !id.asText().equals(handle.taskId())) {
            throw new InvalidAnswerException("the answer is about video " + id.asText() + ", not " + handle.taskId());
        }
        JsonNode status = resp.path("status");
        if (!status.isIntegralNumber()) {
            throw new InvalidAnswerException("the answer has no Resp.status (a number)");
        }
        String word = status.asText();
        return switch (status.asInt()) {
            case GENERATING -> new TaskStep.Running(handle, TaskState.RUNNING, word, Optional.empty());
            case SUCCEEDED -> new TaskStep.Succeeded(success(resp, handle, askedSeconds, now), word);
            case MODERATED -> ended(word, "content_moderation", "PixVerse's content moderation rejected the video", false);
            case FAILED -> ended(word, "generation_failed", "PixVerse could not generate the video", true);
            case DELETED -> ended(word, "video_deleted", "PixVerse reports the video deleted (status 6)", false);
            default -> throw new InvalidAnswerException("the answer's Resp.status " + word + " is none of 1, 5, 7, 8");
        };
    }

    private static TaskStep ended(String word, String code, String message, boolean retryable) {
        return new TaskStep.Ended(TaskState.FAILED, word, ErrorInfo.newBuilder()
                .setCode(code)
                .setMessage(message + " (status " + word + ")")
                .setRetryable(retryable)
                .build());
    }

    private static AdapterResult.Success success(JsonNode resp, TaskHandle handle, int askedSeconds, Instant now) {
        JsonNode url = resp.path("url");
        if (!url.isTextual() || url.asText().isBlank()) {
            throw new InvalidAnswerException("the answer has no Resp.url (a string) although its status is 1");
        }
        URI uri = TaskOutputs.httpUrl(url.asText(), "Resp.url");
        BinaryRef video = InlineBinaries.url(url.asText(), TaskOutputs.typeOf(uri, TYPES, "video/mp4"), null);
        long seconds = handle.number(PixverseAdapter.SECONDS, askedSeconds);
        Usage usage = Usage.newBuilder().setUnits(seconds).setUnitKind(UnitKind.SECONDS).build();
        return TaskOutputs.success(handle, List.of(video), usage);
    }
}
