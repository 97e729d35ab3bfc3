package io.inferline.simulators.bytedance;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Volcano Engine Ark, behind {@code Authorization: Bearer}: {@code POST /api/v3/chat/completions} (Doubao/Seed chat),
 * {@code POST /api/v3/images/generations} (Seedream, synchronous) and the Seedance content-generation tasks,
 * {@code POST /api/v3/contents/generations/tasks}, {@code GET} and {@code DELETE .../tasks/{id}}. Every error is
 * {@code {"error":{"code","message","param","type"}}} with an {@code x-request-id} header; an unknown model is a 404
 * {@code InvalidEndpointOrModel.NotFound}, an unknown task a 404 {@code ResourceNotFound}.
 *
 * <p>{@code DELETE} cancels a queued task and deletes the record of a succeeded or failed one (later queries answer 404);
 * a running or cancelled task cannot be deleted: the simulator answers 409 {@code OperationDenied.InvalidState}, a code
 * of its own, since the reference names none. Results are served at {@code /files/<id>.jpeg} and {@code /files/<task>.mp4}
 * without auth and without faults, their URLs signed with {@code X-Tos-Date} and {@code X-Tos-Expires} like TOS URLs.
 */
public final class BytedanceSimulator implements SimulatedProvider {

    static final String CHAT = "/api/v3/chat/completions";
    static final String IMAGES = "/api/v3/images/generations";
    static final String TASKS = "/api/v3/contents/generations/tasks";
    private static final Pattern TASK = Pattern.compile(TASKS + "/([^/]+)");
    private static final Pattern IMAGE_FILE = Pattern.compile("/files/img-sim\\d+\\.jpeg");
    private static final Pattern VIDEO_FILE = Pattern.compile("/files/(.+)\\.mp4");
    private static final AtomicLong REQUESTS = new AtomicLong();

    /** What a model does, which decides the path it is served under. */
    enum Kind { CHAT, IMAGE, VIDEO }

    private final String apiKey;
    private final Set<String> models;
    private final TaskBoard board;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public BytedanceSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.board = TaskBoard.wallClock("cgt-", seed);
    }

    @Override
    public String id() {
        return "bytedance";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    static Kind kindOf(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        if (id.contains("seedream")) {
            return Kind.IMAGE;
        }
        return id.contains("seedance") ? Kind.VIDEO : Kind.CHAT;
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
        return Optional.of(error(new ArkRefusal(401, "AuthenticationError", "",
                "The API key or AK/SK in the request is missing or invalid.")));
    }

    @Override
    public Handling handle(SimRequest request) {
        if (isFile(request)) {
            return Handling.reject(file(request.path()));
        }
        try {
            String path = request.path();
            String method = request.method();
            if (method.equals("POST") && path.equals(CHAT)) {
                JsonNode body = body(request);
                String model = model(body, Kind.CHAT);
                ArkChat.check(body);
                return Handling.accept(model, ok(ArkChat.answer(body, requestId())));
            }
            if (method.equals("POST") && path.equals(IMAGES)) {
                JsonNode body = body(request);
                SeedreamImages.Generation generation = SeedreamImages.check(body, model(body, Kind.IMAGE));
                return Handling.accept(generation.model(), ok(SeedreamImages.answer(generation, request)));
            }
            if (method.equals("POST") && path.equals(TASKS)) {
                JsonNode body = body(request);
                String model = model(body, Kind.VIDEO);
                Map<String, String> params = SeedanceTasks.check(body);
                return Handling.acceptLazily(model, () -> ok(Json.object().put("id", board.create(model, params).id())));
            }
            Matcher task = TASK.matcher(path);
            if (task.matches() && (method.equals("GET") || method.equals("DELETE"))) {
                String id = task.group(1);
                SimTask known = board.find(id).filter(t -> !deleted.contains(t.id()))
                        .orElseThrow(() -> new ArkRefusal(404, "ResourceNotFound", "id", "The specified task " + id + " is not found."));
                return method.equals("GET")
                        ? Handling.acceptLazily(known.model(), () -> ok(SeedanceTasks.status(board.poll(id).orElseThrow(), board.now(), request)))
                        : Handling.acceptLazily(known.model(), () -> delete(known));
            }
            throw new ArkRefusal(404, "NotFound", "", "The requested URL " + method + " " + path + " is not found.");
        } catch (ArkRefusal refusal) {
            return Handling.reject(error(refusal));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        String code = switch (status) {
            case 429 -> "RateLimitExceeded.EndpointRPMExceeded";
            case 413 -> "InvalidParameter.RequestTooLarge";
            case 503 -> "ServiceUnavailable";
            case 500 -> "InternalServiceError";
            default -> status >= 500 ? "InternalServiceError" : "InvalidParameter";
        };
        SimResponse plain = error(new ArkRefusal(status, code, "", message));
        if (status != 429 && status != 503) {
            return plain;
        }
        Map<String, String> headers = new LinkedHashMap<>(plain.headers());
        headers.put("retry-after", Integer.toString(retryAfterSeconds));
        return new SimResponse(status, headers, plain.body());
    }

    // queued: cancelled; succeeded or failed: the record goes; running or cancelled: refused
    private SimResponse delete(SimTask task) {
        SimTask.Phase phase = task.phase(board.now());
        switch (phase) {
            case QUEUED -> {
                if (board.cancel(task.id()).orElse(false)) {
                    return ok(Json.object());
                }
                return error(new ArkRefusal(409, "OperationDenied.InvalidState", "id", "The task " + task.id() + " is no longer queued."));
            }
            case SUCCEEDED, FAILED -> {
                deleted.add(task.id());
                return ok(Json.object());
            }
            default -> {
                return error(new ArkRefusal(409, "OperationDenied.InvalidState", "id", "The task " + task.id() + " is "
                        + SeedanceTasks.word(phase) + " and cannot be cancelled or deleted."));
            }
        }
    }

    private String model(JsonNode body, Kind kind) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ArkRefusal.missing("model");
        }
        if (!model.isTextual() || !models.contains(model.asText())) {
            throw new ArkRefusal(404, "InvalidEndpointOrModel.NotFound", "model", "The model or endpoint " + model.asText()
                    + " does not exist or you do not have access to it.");
        }
        if (kindOf(model.asText()) != kind) {
            throw ArkRefusal.invalid("model", "The model " + model.asText() + " does not support this API.");
        }
        return model.asText();
    }

    private SimResponse file(String path) {
        if (IMAGE_FILE.matcher(path).matches()) {
            return new SimResponse(200, Map.of("Content-Type", "image/jpeg"), SeedreamImages.JPEG);
        }
        Matcher video = VIDEO_FILE.matcher(path);
        Optional<SimTask> task = video.matches() ? board.find(video.group(1)) : Optional.empty();
        if (task.isEmpty() || task.get().phase(board.now()) != SimTask.Phase.SUCCEEDED) {
            return new SimResponse(404, Map.of("Content-Type", "application/xml"),
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8));
        }
        return new SimResponse(200, Map.of("Content-Type", "video/mp4"), SimulatedMedia.video(task.get().id()));
    }

    private static boolean isFile(SimRequest request) {
        return request.method().equals("GET") && request.path().startsWith("/files/");
    }

    private static JsonNode body(SimRequest request) {
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw ArkRefusal.invalid("", "The request body is not a valid JSON object.");
        }
        return body;
    }

    private static SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of("x-request-id", requestId()), Json.write(answer));
    }

    private static SimResponse error(ArkRefusal refusal) {
        String requestId = requestId();
        ObjectNode body = Json.object();
        body.putObject("error").put("code", refusal.code()).put("message", refusal.getMessage() + " Request id: " + requestId)
                .put("param", refusal.param()).put("type", ArkRefusal.typeFor(refusal.status()));
        return SimResponse.json(refusal.status(), Map.of("x-request-id", requestId), Json.write(body));
    }

    // Ark's request ids: a timestamp and a counter
    private static String requestId() {
        return "0217" + System.currentTimeMillis() + String.format(Locale.ROOT, "%012d", REQUESTS.incrementAndGet());
    }
}
