package io.inferline.simulators.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedMedia;
import io.inferline.simulators.SimulatedProvider;
import io.inferline.simulators.task.SimTask;
import io.inferline.simulators.task.TaskBoard;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alibaba Cloud Model Studio (DashScope), behind {@code Authorization: Bearer}:
 * <ul>
 *   <li>{@code POST /compatible-mode/v1/chat/completions} for the Qwen chat models, errors in the compatible mode's
 *       {@code {"error":{"message","type","param","code"},"request_id"}};</li>
 *   <li>the native asynchronous API for wan2.2: {@code POST /api/v1/services/aigc/text2image/image-synthesis} and
 *       {@code POST /api/v1/services/aigc/video-generation/video-synthesis}, refused with 403 {@code AccessDenied}
 *       without {@code X-DashScope-Async: enable}; {@code GET /api/v1/tasks/{task_id}} (an unknown id is HTTP 200
 *       with {@code task_status: UNKNOWN}, as the real API answers); {@code POST /api/v1/tasks/{task_id}/cancel},
 *       which only cancels PENDING tasks. Native errors are {@code {"request_id","code","message"}}.</li>
 *   <li>Results at {@code /files/<task>-<i>.png} and {@code /files/<task>.mp4}, without auth and without faults (as the
 *       result bucket serves them), their URLs signed with {@code Expires} like OSS URLs.</li>
 * </ul>
 * Injected faults are answered by {@link #error}, which is not told the path: its body carries both shapes at once
 * (the native {@code code}/{@code message} at the top and the compatible {@code error} object), so either reader finds
 * its fields.
 */
public final class AlibabaSimulator implements SimulatedProvider {

    static final String CHAT = "/compatible-mode/v1/chat/completions";
    static final String IMAGE_SYNTHESIS = "/api/v1/services/aigc/text2image/image-synthesis";
    static final String VIDEO_SYNTHESIS = "/api/v1/services/aigc/video-generation/video-synthesis";
    private static final Pattern TASK = Pattern.compile("/api/v1/tasks/([^/]+)");
    private static final Pattern CANCEL = Pattern.compile("/api/v1/tasks/([^/]+)/cancel");
    private static final Pattern IMAGE_FILE = Pattern.compile("/files/(.+)-(\\d+)\\.png");
    private static final Pattern VIDEO_FILE = Pattern.compile("/files/(.+)\\.mp4");

    /** What a model does, which decides the path it is served under. */
    enum Kind { CHAT, IMAGE, VIDEO }

    private final String apiKey;
    private final Set<String> models;
    private final TaskBoard board;

    public AlibabaSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.board = TaskBoard.wallClock("ds-task-", seed);
    }

    @Override
    public String id() {
        return "alibaba";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    static Kind kindOf(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        if (id.contains("t2i")) {
            return Kind.IMAGE;
        }
        return id.contains("t2v") ? Kind.VIDEO : Kind.CHAT;
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (isFile(request)) {
            return Optional.empty(); // result URLs are signed, not authenticated
        }
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ") && authorization.substring(7).trim().equals(apiKey)) {
            return Optional.empty();
        }
        return Optional.of(request.path().startsWith("/compatible-mode/")
                ? compatibleError(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided. ")
                : nativeError(401, "InvalidApiKey", "Invalid API-key provided."));
    }

    @Override
    public Handling handle(SimRequest request) {
        String path = request.path();
        if (isFile(request)) {
            return Handling.reject(file(path));
        }
        if (path.equals(CHAT)) {
            return chat(request);
        }
        try {
            if (path.equals(IMAGE_SYNTHESIS) || path.equals(VIDEO_SYNTHESIS)) {
                return create(request, path.equals(IMAGE_SYNTHESIS) ? Kind.IMAGE : Kind.VIDEO);
            }
            Matcher cancel = CANCEL.matcher(path);
            if (cancel.matches() && request.method().equals("POST")) {
                return cancel(cancel.group(1));
            }
            Matcher task = TASK.matcher(path);
            if (task.matches() && request.method().equals("GET")) {
                return poll(task.group(1), request);
            }
            throw new InvalidRequest(400, "Invalid URL provided in your request.", "InvalidURL");
        } catch (InvalidRequest invalid) {
            return Handling.reject(nativeError(invalid.status(), invalid.param(), invalid.getMessage()));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        String code = switch (status) {
            case 400 -> "InvalidParameter";
            case 401 -> "InvalidApiKey";
            case 413 -> "InvalidParameter.RequestTooLarge";
            case 429 -> "Throttling.RateQuota";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalError" : "InvalidParameter";
        };
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = Json.object().put("request_id", requestId).put("code", code).put("message", message);
        body.putObject("error").put("message", message).put("type", code).putNull("param").put("code", code);
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 429 || status == 503) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(body));
    }

    private Handling chat(SimRequest request) {
        try {
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(404, "Not Found", "not_found");
            }
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw new InvalidRequest(400, "The request body is not valid JSON.", CompatibleChat.INVALID_PARAMETER);
            }
            String model = CompatibleChat.check(body, models);
            return Handling.accept(model, SimResponse.json(200, Map.of(), Json.write(CompatibleChat.answer(body))));
        } catch (InvalidRequest invalid) {
            return Handling.reject(compatibleError(invalid.status(), "invalid_request_error", invalid.param(), invalid.getMessage()));
        }
    }

    private Handling create(SimRequest request, Kind kind) {
        if (!request.method().equals("POST")) {
            throw new InvalidRequest(400, "Invalid URL provided in your request.", "InvalidURL");
        }
        // these models run only as tasks, and say so in their own words
        if (!"enable".equalsIgnoreCase(String.valueOf(request.header("X-DashScope-Async")).trim())) {
            throw new InvalidRequest(403, "current user api does not support synchronous calls", "AccessDenied");
        }
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw new InvalidRequest(400, "The request body is not valid JSON.", Synthesis.INVALID_PARAMETER);
        }
        Map<String, String> params = Synthesis.check(body, kind, models);
        String model = body.get("model").asText();
        return Handling.acceptLazily(model, () -> ok(Synthesis.created(board.create(model, params), requestId())));
    }

    private Handling poll(String taskId, SimRequest request) {
        Optional<SimTask> known = board.find(taskId);
        if (known.isEmpty()) {
            return Handling.reject(ok(Synthesis.unknown(taskId, requestId())));
        }
        return Handling.acceptLazily(known.get().model(), () -> {
            SimTask task = board.poll(taskId).orElseThrow();
            return ok(Synthesis.status(task, board.now(), request, requestId()));
        });
    }

    private Handling cancel(String taskId) {
        Optional<SimTask> known = board.find(taskId);
        if (known.isEmpty()) {
            return Handling.reject(notCancellable("the task does not exist"));
        }
        return Handling.acceptLazily(known.get().model(), () -> {
            SimTask task = known.get();
            SimTask.Phase phase = task.phase(board.now());
            if (phase != SimTask.Phase.QUEUED || !board.cancel(taskId).orElse(false)) {
                return notCancellable("it is " + Synthesis.word(phase) + ", and only PENDING tasks can be cancelled");
            }
            return ok(Json.object().put("request_id", requestId()));
        });
    }

    private SimResponse file(String path) {
        Matcher image = IMAGE_FILE.matcher(path);
        Matcher video = VIDEO_FILE.matcher(path);
        String taskId = image.matches() ? image.group(1) : video.matches() ? video.group(1) : null;
        Optional<SimTask> task = board.find(taskId);
        if (task.isEmpty() || task.get().phase(board.now()) != SimTask.Phase.SUCCEEDED) {
            return new SimResponse(404, Map.of("Content-Type", "application/xml"),
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code></Error>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return image.matches()
                ? new SimResponse(200, Map.of("Content-Type", "image/png"), SimulatedMedia.PNG)
                : new SimResponse(200, Map.of("Content-Type", "video/mp4"), SimulatedMedia.video(taskId));
    }

    private static boolean isFile(SimRequest request) {
        return request.method().equals("GET") && request.path().startsWith("/files/");
    }

    private static SimResponse notCancellable(String why) {
        return nativeError(400, "UnsupportedOperation", "Failed to cancel the task: " + why + ".");
    }

    private static SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of(), Json.write(answer));
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    static SimResponse nativeError(int status, String code, String message) {
        ObjectNode body = Json.object().put("request_id", requestId()).put("code", code).put("message", message);
        return SimResponse.json(status, Map.of(), Json.write(body));
    }

    static SimResponse compatibleError(int status, String type, String code, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        body.put("request_id", requestId());
        return SimResponse.json(status, Map.of(), Json.write(body));
    }
}
