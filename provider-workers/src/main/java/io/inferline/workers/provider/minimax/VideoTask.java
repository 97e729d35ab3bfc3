package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
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
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Video generation's three calls: create ({@code POST /v1/video_generation}), status
 * ({@code GET /v1/query/video_generation?task_id=}) and, once the task succeeded, the file
 * ({@code GET /v1/files/retrieve?file_id=}) whose {@code download_url} is the result. The file id learnt from the
 * {@code Success} status is kept in the handle, so the poll after it fetches the file instead of the status.
 */
final class VideoTask {

    /** The handle value holding the result file's id, once the task succeeded. */
    static final String FILE_ID = "file_id";
    /**
     * How long a download URL works. The file reference gives no lifetime; MiniMax documents 9 hours for the download
     * URLs of its other video answers, which come from the same CDN.
     */
    static final Duration URL_LIFETIME = Duration.ofHours(9);
    /** The API's default duration, billed when the request names none. */
    static final int DEFAULT_DURATION_SECONDS = 6;
    static final String RESOLUTION = "resolution";
    /** The provider status of a task just created: the create answer carries no status word. */
    static final String CREATED = "Created";

    private static final Pattern RESOLUTION_WORD = Pattern.compile("\\d{3,4}P");
    private static final Set<String> STATUSES = Set.of("Preparing", "Queueing", "Processing", "Success", "Fail");

    private VideoTask() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = MiniMaxAdapter.PROVIDER;
        Input input = request.getRequest().getInput();
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, Set.of(RESOLUTION));
        Optional<String> firstFrame = firstFrame(input.getMedia());
        String prompt = input.getPrompt();
        if ((prompt == null || prompt.isBlank()) && firstFrame.isEmpty()) {
            throw Unsupported.because(provider + ": a video request needs input.prompt or a first frame in input.media[0], it has neither");
        }
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        if (prompt != null && !prompt.isBlank()) {
            body.put("prompt", prompt);
        }
        body.put("duration", durationSeconds(request));
        resolution(options, extra).ifPresent(resolution -> body.put("resolution", resolution));
        firstFrame.ifPresent(image -> body.put("first_frame_image", image));
        return body;
    }

    /** What the video is billed for: the duration asked for, else the API's default. */
    static int durationSeconds(RoutedRequest request) {
        Integer seconds = request.getRequest().getOptions().getDurationSeconds();
        if (seconds == null) {
            return DEFAULT_DURATION_SECONDS;
        }
        if (seconds < 1) {
            throw Unsupported.because(MiniMaxAdapter.PROVIDER + ": options.duration_seconds must be positive, the request has " + seconds);
        }
        return seconds;
    }

    static TaskStep created(JsonNode root, int httpStatus) {
        Optional<AdapterResult.Failure> refused = BaseResp.failure(root, httpStatus, Optional.empty());
        if (refused.isPresent()) {
            return new TaskStep.CallFailed(refused.get());
        }
        String taskId = id(root, "task_id", "task_id");
        return new TaskStep.Running(TaskHandle.of(taskId), TaskState.PENDING, CREATED, Optional.empty());
    }

    /** The status query, or the file query once the handle holds the file id. */
    static String pollPath(TaskHandle task) {
        return task.value(FILE_ID)
                .map(fileId -> MiniMaxAdapter.FILE_RETRIEVE + "?file_id=" + MiniMaxAdapter.encode(fileId))
                .orElseGet(() -> MiniMaxAdapter.VIDEO_QUERY + "?task_id=" + MiniMaxAdapter.encode(task.taskId()));
    }

    static TaskStep polled(JsonNode root, RoutedRequest request, TaskHandle task, int httpStatus, Instant now) {
        return task.value(FILE_ID).isPresent() ? file(root, request, task, httpStatus, now) : status(root, task, httpStatus);
    }

    private static TaskStep status(JsonNode root, TaskHandle task, int httpStatus) {
        Optional<BaseResp.Status> base = BaseResp.of(root);
        String status = AnswerFields.optionalText(root, "status").orElse("");
        // a failed task is the task's verdict, and its base_resp says why
        if (status.equals("Fail") || status.equals("Failed")) {
            return new TaskStep.Ended(TaskState.FAILED, status, failure(base, status, httpStatus));
        }
        if (base.isPresent() && !base.get().ok()) {
            return new TaskStep.CallFailed(BaseResp.failure(base.get(), httpStatus, Optional.of(task.taskId())));
        }
        return switch (status) {
            case "Preparing", "Queueing" -> new TaskStep.Running(task, TaskState.PENDING, status, Optional.empty());
            case "Processing" -> new TaskStep.Running(task, TaskState.RUNNING, status, Optional.empty());
            // the video is ready: its file is fetched by the next poll, at once
            case "Success" -> new TaskStep.Running(task.with(FILE_ID, id(root, "file_id", "file_id")), TaskState.RUNNING, status,
                    Optional.of(Duration.ZERO));
            default -> throw new InvalidAnswerException("the answer's status '" + status + "' is not one of " + STATUSES);
        };
    }

    private static TaskStep file(JsonNode root, RoutedRequest request, TaskHandle task, int httpStatus, Instant now) {
        Optional<AdapterResult.Failure> refused = BaseResp.failure(root, httpStatus, Optional.of(task.taskId()));
        if (refused.isPresent()) {
            return new TaskStep.CallFailed(refused.get());
        }
        JsonNode file = AnswerFields.object(root, "file", "file");
        String url = AnswerFields.text(file, "download_url", "file.download_url");
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's file.download_url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidAnswerException("the answer's file.download_url is not an http(s) URL");
        }
        BinaryRef.Builder video = BinaryRef.newBuilder(InlineBinaries.url(uri.toString(),
                contentType(AnswerFields.optionalText(file, "filename").orElse(uri.getPath())), now.plus(URL_LIFETIME)));
        AnswerFields.optionalCount(file, "bytes", "file.bytes").ifPresent(bytes -> {
            if (bytes > 0) {
                video.setSizeBytes(bytes);
            }
        });
        Output output = Output.newBuilder().setBinaries(List.of(video.build())).setFinishReason(FinishReason.STOP).build();
        Usage usage = Usage.newBuilder().setUnits(durationSeconds(request)).setUnitKind(UnitKind.SECONDS).build();
        return new TaskStep.Succeeded(new AdapterResult.Success(output, usage, Optional.of(task.taskId())), "Success");
    }

    private static ErrorInfo failure(Optional<BaseResp.Status> base, String status, int httpStatus) {
        boolean reason = base.isPresent() && !base.get().ok();
        String message = reason && !base.get().message().isBlank() ? base.get().message()
                : "MiniMax ended the video generation task with status " + status + (reason ? " (status_code " + base.get().code() + ")" : "");
        return ErrorInfo.newBuilder()
                .setCode(reason ? Long.toString(base.get().code()) : "video_generation_failed")
                .setMessage(UpstreamText.message(message))
                .setRetryable(false)
                .setUpstreamStatus(httpStatus)
                .build();
    }

    // MiniMax's ids are numbers, sent as strings in some answers and as numbers in others
    private static String id(JsonNode root, String field, String path) {
        JsonNode node = root.path(field);
        String id = node.isTextual() ? node.asText().strip() : node.isIntegralNumber() ? node.asText() : null;
        if (id == null) {
            throw new InvalidAnswerException("the answer has no " + path + " (a string or number)");
        }
        if (id.isEmpty()) {
            throw new InvalidAnswerException("the answer's " + path + " is empty");
        }
        return id;
    }

    private static String contentType(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".mov")) {
            return "video/quicktime";
        }
        if (lower.endsWith(".webm")) {
            return "video/webm";
        }
        return "video/mp4";
    }

    // a URL is passed as it is; inline bytes go as a data URL, which the API takes for first frames
    private static Optional<String> firstFrame(List<BinaryRef> media) {
        String provider = MiniMaxAdapter.PROVIDER;
        if (media.isEmpty()) {
            return Optional.empty();
        }
        if (media.size() > 1) {
            throw Unsupported.because(provider + ": a video takes one first frame in input.media, the request has " + media.size());
        }
        BinaryRef image = media.get(0);
        String uri = image.getUri() == null ? "" : image.getUri();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return Optional.of(uri);
        }
        ByteBuffer bytes = image.getInlineData();
        if (bytes == null || !bytes.hasRemaining()) {
            throw Unsupported.because(provider + ": the first frame in input.media[0] must be an http(s) URL or inline bytes");
        }
        String type = image.getContentType() == null ? "" : image.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("image/")) {
            throw Unsupported.because(provider + ": the first frame in input.media[0] must be an image, not '" + type + "'");
        }
        ByteBuffer copy = bytes.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return Optional.of("data:" + type + ";base64," + Base64.getEncoder().encodeToString(raw));
    }

    private static Optional<String> resolution(GenerationOptions options, ExtraOptions extra) {
        Optional<String> asked = extra.text(RESOLUTION).or(() -> Optional.ofNullable(options.getSize()).filter(size -> !size.isBlank()));
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        String resolution = asked.get().strip().toUpperCase(Locale.ROOT);
        if (!RESOLUTION_WORD.matcher(resolution).matches()) {
            throw Unsupported.because(MiniMaxAdapter.PROVIDER + ": the video resolution must be a MiniMax resolution such as 768P or "
                    + "1080P (options.size or options.extra[\"resolution\"]), not '" + asked.get() + "'");
        }
        return Optional.of(resolution);
    }
}
