package io.inferline.simulators.runway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runway's task API: {@code POST /v1/image_to_video} and {@code POST /v1/text_to_image} create a task and answer
 * {@code {id}}; {@code GET /v1/tasks/{id}} reports it; {@code DELETE /v1/tasks/{id}} cancels a task that has not
 * ended (204) and deletes one that has (it then answers 404). Every API call needs {@code Authorization: Bearer
 * <key>} (else 401) and {@code X-Runway-Version: 2024-11-06} (missing or unknown: 400). Errors are
 * {@code {error}}, validation errors add {@code issues:[{path, message}]}.
 *
 * <p>Task words: a queued task (its first fifth) is {@code THROTTLED} for the first tenth of its life, then
 * {@code PENDING}; running ones are {@code RUNNING} with {@code progress} from 0 to 1; then {@code SUCCEEDED} with
 * {@code output} URLs back to the simulator ({@code <base>/files/<id>.mp4} or {@code .png}, served without auth and
 * without faults), {@code FAILED} with {@code failure} and {@code failureCode}, or {@code CANCELLED}. Models whose id
 * contains {@code image} are text-to-image models, the others image-to-video ones.
 */
public final class RunwaySimulator implements SimulatedProvider {

    static final String VERSION = "2024-11-06";
    static final String IMAGE_TO_VIDEO = "/v1/image_to_video";
    static final String TEXT_TO_IMAGE = "/v1/text_to_image";
    static final String FAILURE_CODE = "INTERNAL.BAD_OUTPUT.CODE01";
    private static final Pattern TASK = Pattern.compile("/v1/tasks/([^/]+)");
    private static final Pattern FILE = Pattern.compile("/files/([A-Za-z0-9_.-]+)\\.(mp4|png)");

    private final String apiKey;
    private final Set<String> videoModels;
    private final Set<String> imageModels;
    private final TaskBoard board;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public RunwaySimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.imageModels = models.stream().filter(RunwaySimulator::isImageModel).collect(Collectors.toUnmodifiableSet());
        this.videoModels = models.stream().filter(model -> !isImageModel(model)).collect(Collectors.toUnmodifiableSet());
        this.board = TaskBoard.wallClock("rw-", seed);
    }

    @Override
    public String id() {
        return "runway";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (isDownload(request)) {
            return Optional.empty(); // output URLs are signed links, fetched without the key
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !authorization.substring(7).trim().equals(apiKey)) {
            return Optional.of(errorBody(401, "Invalid API secret", null));
        }
        String version = request.header("X-Runway-Version");
        if (version == null || version.isBlank()) {
            return Optional.of(errorBody(400, "The X-Runway-Version header is required", null));
        }
        if (!version.strip().equals(VERSION)) {
            return Optional.of(errorBody(400, "Unsupported X-Runway-Version '" + version.strip() + "'; supported: " + VERSION, null));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        if (isDownload(request)) {
            return Handling.reject(file(request.path()));
        }
        String path = request.path();
        if (path.equals(IMAGE_TO_VIDEO) || path.equals(TEXT_TO_IMAGE)) {
            return request.method().equals("POST") ? create(request) : Handling.reject(errorBody(405, "Method not allowed", null));
        }
        Matcher task = TASK.matcher(path);
        if (task.matches()) {
            return switch (request.method()) {
                case "GET" -> status(request, task.group(1));
                case "DELETE" -> cancel(task.group(1));
                default -> Handling.reject(errorBody(405, "Method not allowed", null));
            };
        }
        return Handling.reject(errorBody(404, "Not found", null));
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (retryAfterSeconds > 0 && (status == 429 || status >= 500)) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(Json.object().put("error", message)));
    }

    private Handling create(SimRequest request) {
        try {
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw RunwayValidation.bad("", "The request body is not a JSON object");
            }
            RunwayValidation.Creation creation = request.path().equals(IMAGE_TO_VIDEO)
                    ? RunwayValidation.imageToVideo(body, videoModels)
                    : RunwayValidation.textToImage(body, imageModels);
            return Handling.acceptLazily(creation.model(), () -> {
                SimTask created = board.create(creation.model(), creation.params());
                return SimResponse.json(200, Map.of(), Json.write(Json.object().put("id", created.id())));
            });
        } catch (InvalidRequest invalid) {
            return Handling.reject(errorBody(invalid.status(), "Validation of body failed", invalid));
        }
    }

    private Handling status(SimRequest request, String id) {
        Optional<SimTask> found = deleted.contains(id) ? Optional.empty() : board.find(id);
        if (found.isEmpty()) {
            return Handling.reject(errorBody(404, "Task not found", null));
        }
        return Handling.acceptLazily(found.get().model(), () -> {
            SimTask task = board.poll(id).orElseThrow();
            return SimResponse.json(200, Map.of(), Json.write(describe(task, board.now(), request)));
        });
    }

    private Handling cancel(String id) {
        Optional<SimTask> found = deleted.contains(id) ? Optional.empty() : board.find(id);
        if (found.isEmpty()) {
            return Handling.reject(errorBody(404, "Task not found", null));
        }
        return Handling.acceptLazily(found.get().model(), () -> {
            if (!board.cancel(id).orElse(false)) {
                deleted.add(id); // an ended task is deleted instead, and is gone from then on
            }
            return new SimResponse(204, Map.of(), new byte[0]);
        });
    }

    private ObjectNode describe(SimTask task, long now, SimRequest request) {
        ObjectNode answer = Json.object();
        answer.put("id", task.id());
        answer.put("createdAt", Instant.ofEpochMilli(task.createdAtMs()).toString());
        switch (task.phase(now)) {
            case QUEUED -> answer.put("status", task.progressPercent(now) < 10 ? "THROTTLED" : "PENDING");
            case RUNNING -> answer.put("status", "RUNNING").put("progress", task.progressPercent(now) / 100.0);
            case SUCCEEDED -> {
                answer.put("status", "SUCCEEDED");
                ArrayNode output = answer.putArray("output");
                output.add(SimulatedMedia.fileUrl(request, id(), task.id() + ("image".equals(task.param("kind")) ? ".png" : ".mp4")));
            }
            case FAILED -> answer.put("status", "FAILED")
                    .put("failure", "The generation was rejected by our quality checks (simulated).")
                    .put("failureCode", FAILURE_CODE);
            case CANCELLED -> answer.put("status", "CANCELLED");
        }
        return answer;
    }

    private SimResponse file(String path) {
        Matcher matcher = FILE.matcher(path);
        Optional<SimTask> task = matcher.matches() ? board.find(matcher.group(1)) : Optional.empty();
        if (task.isEmpty() || task.get().phase(board.now()) != SimTask.Phase.SUCCEEDED || deleted.contains(task.get().id())) {
            return errorBody(404, "Not found", null);
        }
        boolean image = "image".equals(task.get().param("kind"));
        if (image != matcher.group(2).equals("png")) {
            return errorBody(404, "Not found", null);
        }
        return new SimResponse(200, Map.of("Content-Type", image ? "image/png" : "video/mp4"),
                image ? SimulatedMedia.PNG : SimulatedMedia.video(task.get().id()));
    }

    private static SimResponse errorBody(int status, String message, InvalidRequest invalid) {
        ObjectNode body = Json.object().put("error", message);
        if (invalid != null) {
            ObjectNode issue = body.putArray("issues").addObject();
            ArrayNode path = issue.putArray("path");
            if (invalid.param() != null && !invalid.param().isEmpty()) {
                for (String part : invalid.param().split("\\.")) {
                    path.add(part);
                }
            }
            issue.put("message", invalid.getMessage());
        }
        return SimResponse.json(status, Map.of(), Json.write(body));
    }

    private static boolean isDownload(SimRequest request) {
        return request.method().equals("GET") && request.path().startsWith("/files/");
    }

    static boolean isImageModel(String model) {
        return model.contains("image");
    }
}
