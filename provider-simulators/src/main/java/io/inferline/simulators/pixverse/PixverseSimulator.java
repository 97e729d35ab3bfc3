package io.inferline.simulators.pixverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedMedia;
import io.inferline.simulators.SimulatedProvider;
import io.inferline.simulators.task.SimTask;
import io.inferline.simulators.task.TaskBoard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PixVerse's platform API: {@code POST /openapi/v2/video/text/generate} answers {@code Resp.video_id} (a number);
 * {@code GET /openapi/v2/video/result/{video_id}} answers {@code Resp.status}: 5 while generating, 1 with
 * {@code url} when done (pointing back at the simulator, {@code <base>/files/<id>.mp4}, served without auth and
 * without faults), 7 when moderation rejected the output (prompts with the word "unsafe"), 8 when generation
 * failed. Every call needs {@code API-KEY} and {@code Ai-trace-id} (a UUID).
 *
 * <p>Answers are the {@code {ErrCode, ErrMsg, Resp}} envelope, and refusals of the request ride on HTTP 200 with a
 * nonzero {@code ErrCode}, as the reference shows them: a missing header or field is {@code 400011} ("Empty
 * parameter"), a key that names no account {@code 400012} ("Invalid account"), anything invalid {@code 400017}
 * ("invalid param"), an unknown video id included. Injected faults keep their HTTP status and carry the
 * envelope with that status as {@code ErrCode}. A create repeating an earlier create's {@code Ai-trace-id} gets
 * that create's answer and no new video: a retried call is answered, not generated twice.
 */
public final class PixverseSimulator implements SimulatedProvider {

    static final String GENERATE = "/openapi/v2/video/text/generate";
    static final int GENERATING = 5;
    static final int SUCCEEDED = 1;
    static final int MODERATED = 7;
    static final int FAILED = 8;
    private static final Pattern RESULT = Pattern.compile("/openapi/v2/video/result/([^/]+)");
    private static final Pattern FILE = Pattern.compile("/files/(\\d+)\\.mp4");
    private static final long FIRST_VIDEO_ID = 360_000_000_000_001L;

    private final String apiKey;
    private final Set<String> models;
    private final TaskBoard board;
    private final AtomicLong videoIds = new AtomicLong(FIRST_VIDEO_ID);
    private final ConcurrentHashMap<Long, String> taskByVideo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> videoByTrace = new ConcurrentHashMap<>();

    public PixverseSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.board = TaskBoard.wallClock("pv", seed);
    }

    @Override
    public String id() {
        return "pixverse";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (isDownload(request)) {
            return Optional.empty(); // media URLs are fetched without the key
        }
        String key = request.header("API-KEY");
        if (key == null || key.isBlank()) {
            return Optional.of(envelope(PixverseValidation.EMPTY_PARAMETER, "Empty parameter: API-KEY"));
        }
        if (!key.strip().equals(apiKey)) {
            return Optional.of(envelope(PixverseValidation.INVALID_ACCOUNT, "Invalid account"));
        }
        String trace = request.header("Ai-trace-id");
        if (trace == null || trace.isBlank()) {
            return Optional.of(envelope(PixverseValidation.EMPTY_PARAMETER, "Empty parameter: Ai-trace-id"));
        }
        if (!PixverseValidation.isTraceId(trace)) {
            return Optional.of(envelope(PixverseValidation.INVALID_PARAM, "invalid param: Ai-trace-id must be a UUID"));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        if (isDownload(request)) {
            return Handling.reject(file(request.path()));
        }
        if (request.path().equals(GENERATE)) {
            return request.method().equals("POST") ? generate(request) : Handling.reject(httpError(405, "method not allowed"));
        }
        Matcher result = RESULT.matcher(request.path());
        if (result.matches()) {
            return request.method().equals("GET") ? result(request, result.group(1))
                    : Handling.reject(httpError(405, "method not allowed"));
        }
        return Handling.reject(httpError(404, "404 page not found"));
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        SimResponse answer = httpError(status, message);
        if (retryAfterSeconds > 0 && (status == 429 || status >= 500)) {
            return new SimResponse(status, Map.of("retry-after", Integer.toString(retryAfterSeconds)), answer.body());
        }
        return answer;
    }

    private Handling generate(SimRequest request) {
        String trace = request.header("Ai-trace-id").strip().toLowerCase(Locale.ROOT);
        Long earlier = videoByTrace.get(trace);
        if (earlier != null) {
            SimTask task = board.find(taskByVideo.get(earlier)).orElseThrow();
            return Handling.accept(task.model(), created(earlier));
        }
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            return Handling.reject(envelope(PixverseValidation.INVALID_PARAM, "invalid param: the body is not a JSON object"));
        }
        PixverseValidation.Generation generation;
        try {
            generation = PixverseValidation.check(body, models);
        } catch (PixverseValidation.Refusal refused) {
            return Handling.reject(envelope(refused.code, refused.getMessage()));
        }
        return Handling.acceptLazily(generation.model(), () -> {
            long videoId = videoByTrace.computeIfAbsent(trace, unused -> {
                long id = videoIds.getAndIncrement();
                taskByVideo.put(id, board.create(generation.model(), generation.params()).id());
                return id;
            });
            return created(videoId);
        });
    }

    private static SimResponse created(long videoId) {
        ObjectNode answer = Json.object().put("ErrCode", PixverseValidation.OK).put("ErrMsg", "success");
        answer.putObject("Resp").put("video_id", videoId);
        return SimResponse.json(200, Map.of(), Json.write(answer));
    }

    private Handling result(SimRequest request, String rawId) {
        Optional<SimTask> found = task(rawId);
        if (found.isEmpty()) {
            return Handling.reject(envelope(PixverseValidation.INVALID_PARAM, "invalid param: no video with id " + rawId));
        }
        long videoId = Long.parseLong(rawId);
        return Handling.acceptLazily(found.get().model(), () -> {
            SimTask task = board.poll(found.get().id()).orElseThrow();
            long now = board.now();
            int[] size = PixverseValidation.dimensions(task.param("quality"), task.param("aspect_ratio"));
            int status = switch (task.phase(now)) {
                case QUEUED, RUNNING -> GENERATING;
                case SUCCEEDED -> Boolean.parseBoolean(task.param("moderated")) ? MODERATED : SUCCEEDED;
                case FAILED, CANCELLED -> FAILED;
            };
            ObjectNode resp = Json.object()
                    .put("id", videoId)
                    .put("status", status)
                    .put("url", status == SUCCEEDED ? SimulatedMedia.fileUrl(request, id(), videoId + ".mp4") : "")
                    .put("prompt", task.param("prompt"))
                    .put("negative_prompt", task.param("negative_prompt"))
                    .put("style", task.param("style"))
                    .put("seed", Long.parseLong(task.param("seed")))
                    .put("outputWidth", size[0])
                    .put("outputHeight", size[1])
                    .put("resolution_ratio", size[1])
                    .put("size", status == SUCCEEDED ? SimulatedMedia.video(task.id()).length : 0)
                    .put("create_time", Instant.ofEpochMilli(task.createdAtMs()).toString())
                    .put("modify_time", Instant.ofEpochMilli(Math.min(now, task.endsAtMs())).toString());
            ObjectNode answer = Json.object().put("ErrCode", PixverseValidation.OK).put("ErrMsg", "Success");
            answer.set("Resp", resp);
            return SimResponse.json(200, Map.of(), Json.write(answer));
        });
    }

    private Optional<SimTask> task(String rawId) {
        long videoId;
        try {
            videoId = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String taskId = taskByVideo.get(videoId);
        return taskId == null ? Optional.empty() : board.find(taskId);
    }

    private SimResponse file(String path) {
        Matcher matcher = FILE.matcher(path);
        Optional<SimTask> task = matcher.matches() ? task(matcher.group(1)) : Optional.empty();
        if (task.isEmpty() || task.get().phase(board.now()) != SimTask.Phase.SUCCEEDED
                || Boolean.parseBoolean(task.get().param("moderated"))) {
            return new SimResponse(404, Map.of("Content-Type", "text/plain"), "404 page not found".getBytes(StandardCharsets.UTF_8));
        }
        return new SimResponse(200, Map.of("Content-Type", "video/mp4"), SimulatedMedia.video(task.get().id()));
    }

    /** A refusal on HTTP 200, the way the API reports what is wrong with a request. */
    static SimResponse envelope(int code, String message) {
        ObjectNode body = Json.object().put("ErrCode", code).put("ErrMsg", message);
        body.putNull("Resp");
        return SimResponse.json(200, Map.of(), Json.write(body));
    }

    private static SimResponse httpError(int status, String message) {
        ObjectNode body = Json.object().put("ErrCode", status).put("ErrMsg", message);
        body.putNull("Resp");
        return SimResponse.json(status, Map.of(), Json.write(body));
    }

    private static boolean isDownload(SimRequest request) {
        return request.method().equals("GET") && request.path().startsWith("/files/");
    }
}
