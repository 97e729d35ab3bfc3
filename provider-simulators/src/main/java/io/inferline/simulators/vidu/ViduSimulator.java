package io.inferline.simulators.vidu;

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
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vidu's generation API behind {@code Authorization: Token <key>}: {@code POST /ent/v2/text2video} and
 * {@code POST /ent/v2/img2video} create a task and echo it ({@code task_id}, {@code state: created}, the parameters
 * with their defaults filled in, {@code credits}); {@code GET /ent/v2/tasks/{id}/creations} reports its
 * {@code state} ({@code created}, {@code queueing}, {@code processing}, {@code success}, {@code failed}) with
 * {@code err_code} and, once done, {@code creations:[{id, url, cover_url}]} pointing back at the simulator
 * ({@code <base>/files/<id>.mp4} and {@code <id>-cover.png}, served without auth and without faults);
 * {@code POST /ent/v2/tasks/{id}/cancel} with {@code {id}} cancels a task that has not started processing
 * ({@code {}}), else answers 400 {@code task state is processing, can not cancel}. Errors are
 * {@code {code, reason, message, metadata:{trace_id}}} with the reference's codes as {@code reason}.
 *
 * <p>A queued task is {@code created} for the first tenth of its life, then {@code queueing}. A failed task's
 * {@code err_code} is {@code InternalServiceFailure}; a cancelled task reads {@code failed} with
 * {@code UserCancelled}, the code the reference gives a manually stopped task. Credits are the simulator's own
 * figures: 4 a second for {@code vidu2.0}, 8 for the others.
 */
public final class ViduSimulator implements SimulatedProvider {

    static final String TEXT_TO_VIDEO = "/ent/v2/text2video";
    static final String IMAGE_TO_VIDEO = "/ent/v2/img2video";
    static final String FAILURE_CODE = "InternalServiceFailure";
    static final String CANCELLED_CODE = "UserCancelled";
    private static final Pattern CREATIONS = Pattern.compile("/ent/v2/tasks/([^/]+)/creations");
    private static final Pattern CANCEL = Pattern.compile("/ent/v2/tasks/([^/]+)/cancel");
    private static final Pattern FILE = Pattern.compile("/files/([A-Za-z0-9_.-]+?)(-cover)?\\.(mp4|png)");

    private final String apiKey;
    private final Set<String> models;
    private final TaskBoard board;

    public ViduSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.board = TaskBoard.wallClock("vd", seed);
    }

    @Override
    public String id() {
        return "vidu";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (isDownload(request)) {
            return Optional.empty(); // result URLs are storage links, fetched without the key
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Token ") || !authorization.substring(6).trim().equals(apiKey)) {
            return Optional.of(refusal(401, "Unauthorized", "unauthorized"));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        if (isDownload(request)) {
            return Handling.reject(file(request.path()));
        }
        String path = request.path();
        Matcher creations = CREATIONS.matcher(path);
        Matcher cancel = CANCEL.matcher(path);
        if (path.equals(TEXT_TO_VIDEO) || path.equals(IMAGE_TO_VIDEO)) {
            return request.method().equals("POST") ? create(request, path.equals(IMAGE_TO_VIDEO)) : notAllowed();
        }
        if (creations.matches()) {
            return request.method().equals("GET") ? status(request, creations.group(1)) : notAllowed();
        }
        if (cancel.matches()) {
            return request.method().equals("POST") ? cancel(request, cancel.group(1)) : notAllowed();
        }
        return Handling.reject(refusal(404, "NotFound", "not found"));
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        SimResponse refusal = refusal(status, reasonFor(status), message);
        if (retryAfterSeconds > 0 && (status == 429 || status >= 500)) {
            return new SimResponse(status, Map.of("retry-after", Integer.toString(retryAfterSeconds)), refusal.body());
        }
        return refusal;
    }

    private Handling create(SimRequest request, boolean fromImage) {
        try {
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw new ViduValidation.Refusal(400, "BadRequest", "bad request");
            }
            ViduValidation.Creation creation = ViduValidation.check(body, fromImage, models);
            return Handling.acceptLazily(creation.model(), () -> {
                SimTask task = board.create(creation.model(), creation.params());
                return SimResponse.json(200, Map.of(), Json.write(echo(task, body)));
            });
        } catch (ViduValidation.Refusal refused) {
            return Handling.reject(refusal(refused.status, refused.reason, refused.getMessage()));
        }
    }

    private ObjectNode echo(SimTask task, JsonNode body) {
        ObjectNode answer = Json.object();
        answer.put("task_id", task.id());
        answer.put("state", "created");
        answer.put("model", task.model());
        answer.put("prompt", task.param("prompt"));
        if (body.has("images")) {
            answer.set("images", body.get("images").deepCopy());
        }
        answer.put("duration", Integer.parseInt(task.param("duration")));
        answer.put("seed", Long.parseLong(task.param("seed")));
        if (task.param("aspect_ratio") != null) {
            answer.put("aspect_ratio", task.param("aspect_ratio"));
            answer.put("style", task.param("style"));
        }
        answer.put("resolution", task.param("resolution"));
        answer.put("movement_amplitude", task.param("movement_amplitude"));
        answer.put("bgm", Boolean.parseBoolean(task.param("bgm")));
        answer.put("payload", task.param("payload"));
        answer.put("off_peak", false);
        answer.put("credits", credits(task));
        answer.put("created_at", Instant.ofEpochMilli(task.createdAtMs()).toString());
        return answer;
    }

    private Handling status(SimRequest request, String id) {
        Optional<SimTask> found = board.find(id);
        if (found.isEmpty()) {
            return Handling.reject(refusal(404, "TaskNotFound", "task not found"));
        }
        return Handling.acceptLazily(found.get().model(), () -> {
            SimTask task = board.poll(id).orElseThrow();
            long now = board.now();
            ObjectNode answer = Json.object();
            answer.put("id", task.id());
            SimTask.Phase phase = task.phase(now);
            answer.put("state", switch (phase) {
                case QUEUED -> task.progressPercent(now) < 10 ? "created" : "queueing";
                case RUNNING -> "processing";
                case SUCCEEDED -> "success";
                case FAILED, CANCELLED -> "failed";
            });
            answer.put("err_code", phase == SimTask.Phase.FAILED ? FAILURE_CODE : phase == SimTask.Phase.CANCELLED ? CANCELLED_CODE : "");
            answer.put("credits", phase == SimTask.Phase.SUCCEEDED ? credits(task) : 0);
            answer.put("payload", task.param("payload"));
            answer.put("bgm", Boolean.parseBoolean(task.param("bgm")));
            answer.put("off_peak", false);
            var list = answer.putArray("creations");
            if (phase == SimTask.Phase.SUCCEEDED) {
                list.addObject()
                        .put("id", task.id() + "-1")
                        .put("url", SimulatedMedia.fileUrl(request, id(), task.id() + ".mp4"))
                        .put("cover_url", SimulatedMedia.fileUrl(request, id(), task.id() + "-cover.png"));
            }
            return SimResponse.json(200, Map.of(), Json.write(answer));
        });
    }

    private Handling cancel(SimRequest request, String id) {
        JsonNode body = Json.parse(request.body());
        String named = body == null || !body.isObject() ? null : Json.text(body, "id");
        if (named == null || named.isBlank()) {
            return Handling.reject(refusal(400, "FieldLacking", "field is missing or empty: id"));
        }
        if (!named.equals(id)) {
            return Handling.reject(refusal(400, "FieldInvalid", "invalid field: id"));
        }
        Optional<SimTask> found = board.find(id);
        if (found.isEmpty()) {
            return Handling.reject(refusal(404, "TaskNotFound", "task not found"));
        }
        SimTask.Phase phase = found.get().phase(board.now());
        if (phase != SimTask.Phase.QUEUED) {
            return Handling.reject(cannotCancel(phase));
        }
        return Handling.acceptLazily(found.get().model(), () -> board.cancel(id).orElse(false)
                ? SimResponse.json(200, Map.of(), "{}")
                : cannotCancel(found.get().phase(board.now())));
    }

    private static SimResponse cannotCancel(SimTask.Phase phase) {
        String state = switch (phase) {
            case RUNNING -> "processing";
            case SUCCEEDED -> "success";
            default -> "failed";
        };
        return refusal(400, "BadRequest", "task state is " + state + ", can not cancel");
    }

    private SimResponse file(String path) {
        Matcher matcher = FILE.matcher(path);
        Optional<SimTask> task = matcher.matches() ? board.find(matcher.group(1)) : Optional.empty();
        boolean cover = matcher.matches() && matcher.group(2) != null;
        if (task.isEmpty() || task.get().phase(board.now()) != SimTask.Phase.SUCCEEDED || cover != matcher.group(3).equals("png")) {
            return refusal(404, "NotFound", "not found");
        }
        return cover
                ? new SimResponse(200, Map.of("Content-Type", "image/png"), SimulatedMedia.PNG)
                : new SimResponse(200, Map.of("Content-Type", "video/mp4"), SimulatedMedia.video(task.get().id()));
    }

    private static int credits(SimTask task) {
        int seconds = Integer.parseInt(task.param("duration"));
        return seconds * (ViduValidation.IMAGE_ONLY.contains(task.model()) ? 4 : 8);
    }

    private static Handling notAllowed() {
        return Handling.reject(refusal(405, "MethodNotAllowed", "method not allowed"));
    }

    static SimResponse refusal(int status, String reason, String message) {
        ObjectNode body = Json.object().put("code", status).put("reason", reason).put("message", message);
        body.putObject("metadata").put("trace_id", HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        return SimResponse.json(status, Map.of(), Json.write(body));
    }

    private static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 413 -> "BadRequest";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalServiceFailure";
            default -> status >= 500 ? "ServiceUnavailable" : "BadRequest";
        };
    }

    private static boolean isDownload(SimRequest request) {
        return request.method().equals("GET") && request.path().startsWith("/files/");
    }
}
