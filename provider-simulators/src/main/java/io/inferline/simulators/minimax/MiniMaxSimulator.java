package io.inferline.simulators.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import io.inferline.simulators.task.TaskBoard;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MiniMax behind {@code Authorization: Bearer <key>}: chat ({@code POST /v1/text/chatcompletion_v2}), speech
 * ({@code POST /v1/t2a_v2}, hex-encoded audio) and video as a task ({@code POST /v1/video_generation}, then
 * {@code GET /v1/query/video_generation?task_id=}, then {@code GET /v1/files/retrieve?file_id=} for the download
 * URL, which points back at the simulator's {@code /files/<task>.mp4}, served without auth and without faults).
 *
 * <p>MiniMax reports refusals in {@code base_resp: {status_code, status_msg}}, mostly on HTTP 200: a missing key is
 * 1004, a wrong one 2049, invalid parameters (an unknown model among them) 2013; an injected 429 is answered the way
 * MiniMax answers a rate limit, HTTP 200 with 1002 and no {@code Retry-After} (MiniMax documents none); injected 5xx
 * keep their HTTP status with 1000 (or 1033 for 502-504) in the body. A {@code GroupId} query parameter, which older
 * MiniMax hosts required, is accepted and ignored.
 */
public final class MiniMaxSimulator implements SimulatedProvider {

    static final String CHAT = "/v1/text/chatcompletion_v2";
    static final String SPEECH = "/v1/t2a_v2";
    static final String VIDEO = "/v1/video_generation";
    static final String VIDEO_QUERY = "/v1/query/video_generation";
    static final String FILE_RETRIEVE = "/v1/files/retrieve";
    static final String FILES = "/files/";

    private final String apiKey;
    private final Set<String> models;
    private final MiniMaxVideo video;

    public MiniMaxSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.video = new MiniMaxVideo(TaskBoard.wallClock("mmx-sim-", seed));
    }

    @Override
    public String id() {
        return "minimax";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(video.board());
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (request.method().equals("GET") && request.path().startsWith(FILES)) {
            return Optional.empty(); // download URLs work without the key, as MiniMax's CDN links do
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            return Optional.of(refusal(new Refusal(1004,
                    "login fail: Please carry the API secret key in the 'Authorization' field of the request header")));
        }
        if (!authorization.substring(7).strip().equals(apiKey)) {
            return Optional.of(refusal(new Refusal(2049, "invalid api key")));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        if (request.method().equals("GET") && request.path().startsWith(FILES)) {
            // a CDN download, not an API call: served at once, without the API's faults
            return Handling.reject(video.download(request.path().substring(FILES.length())));
        }
        try {
            return switch (request.path()) {
                case CHAT -> {
                    JsonNode body = post(request);
                    String model = known(body, Kind.CHAT);
                    yield Handling.accept(model, ok(MiniMaxChat.answer(MiniMaxChat.check(body), model)));
                }
                case SPEECH -> {
                    JsonNode body = post(request);
                    String model = known(body, Kind.SPEECH);
                    yield Handling.accept(model, ok(MiniMaxSpeech.answer(MiniMaxSpeech.check(body), model)));
                }
                case VIDEO -> {
                    JsonNode body = post(request);
                    String model = known(body, Kind.VIDEO);
                    MiniMaxVideo.Generation generation = MiniMaxVideo.check(body);
                    yield Handling.acceptLazily(model, () -> ok(video.create(model, generation)));
                }
                case VIDEO_QUERY -> {
                    get(request);
                    MiniMaxVideo.Answer answer = video.query(query(request, "task_id"));
                    yield Handling.accept(answer.model(), ok(answer.body()));
                }
                case FILE_RETRIEVE -> {
                    get(request);
                    MiniMaxVideo.Answer answer = video.retrieve(query(request, "file_id"), request);
                    yield Handling.accept(answer.model(), ok(answer.body()));
                }
                default -> throw new Refusal(404, 404, "not found: " + request.path());
            };
        } catch (Refusal refused) {
            return Handling.reject(refusal(refused));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        return switch (status) {
            case 429 -> refusal(new Refusal(1002, "rate limit exceeded (simulated)"));
            case 401 -> refusal(new Refusal(1004, "login fail: invalid Authorization"));
            case 502, 503, 504 -> refusal(new Refusal(status, 1033, "system error: " + message));
            default -> refusal(new Refusal(status, status >= 500 ? 1000 : Refusal.INVALID_PARAMS,
                    status >= 500 ? "unknown error: " + message : "invalid params, " + message));
        };
    }

    /** {@code base_resp} with a code and message, set on {@code answer}. */
    static ObjectNode baseResp(ObjectNode answer, int code, String message) {
        answer.putObject("base_resp").put("status_code", code).put("status_msg", message);
        return answer;
    }

    private static SimResponse refusal(Refusal refused) {
        return SimResponse.json(refused.httpStatus(), Map.of(),
                Json.write(baseResp(Json.object(), refused.code(), refused.getMessage())));
    }

    private static SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of("Trace-Id", Replies.id("trace-")), Json.write(answer));
    }

    private enum Kind { CHAT, SPEECH, VIDEO }

    // one set of model ids for the provider; the family follows from the id
    private String known(JsonNode body, Kind kind) {
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            throw Refusal.invalid("model is required");
        }
        if (!models.contains(model) || kindOf(model) != kind) {
            throw Refusal.invalid("model '" + model + "' is not supported by this endpoint");
        }
        return model;
    }

    static Kind kindOf(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        if (id.startsWith("speech-")) {
            return Kind.SPEECH;
        }
        if (id.contains("hailuo") || id.matches("[tis]2v-.*")) {
            return Kind.VIDEO;
        }
        return Kind.CHAT;
    }

    private static JsonNode post(SimRequest request) {
        if (!request.method().equals("POST")) {
            throw new Refusal(405, Refusal.INVALID_PARAMS, "invalid params, method " + request.method() + " not allowed");
        }
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw Refusal.invalid("the request body is not a JSON object");
        }
        return body;
    }

    private static void get(SimRequest request) {
        if (!request.method().equals("GET")) {
            throw new Refusal(405, Refusal.INVALID_PARAMS, "invalid params, method " + request.method() + " not allowed");
        }
    }

    private static String query(SimRequest request, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : request.query().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(name + " is required");
        }
        return value;
    }
}
