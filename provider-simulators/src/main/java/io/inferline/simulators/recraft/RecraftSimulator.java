package io.inferline.simulators.recraft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recraft: {@code POST /v1/images/generations} behind {@code Authorization: Bearer}. Images come as URLs that
 * point back at the simulator ({@code <base>/files/<id>.webp} or {@code .svg}), served without auth like
 * Recraft's image CDN, or as {@code b64_json}. Errors are as the reference describes them: 401 and unknown
 * paths in {@code text/plain}, the rest (an unknown model among them, as a 400) as {@code {code, message}}.
 */
public final class RecraftSimulator implements SimulatedProvider {

    static final String GENERATIONS = "/v1/images/generations";
    private static final Pattern FILE = Pattern.compile("/files/(img_sim[0-9]+)(?:-(\\d+)x(\\d+))?\\.(webp|svg)");

    private final String apiKey;
    private final Set<String> models;
    private final String defaultModel;

    public RecraftSimulator(String apiKey, Set<String> models) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.defaultModel = "recraftv3";
    }

    @Override
    public String id() {
        return "recraft";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        if (request.method().equals("GET") && request.path().startsWith("/files/")) {
            return Optional.empty(); // image URLs work without the token, as Recraft's do
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !authorization.substring(7).trim().equals(apiKey)) {
            return Optional.of(plain(401, "request unauthorized"));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        if (request.method().equals("GET") && request.path().startsWith("/files/")) {
            // a download from the CDN, not an API call: served at once, without the API's faults
            return Handling.reject(file(request.path()));
        }
        if (!request.path().equals(GENERATIONS)) {
            return Handling.reject(plain(404, "404 page not found"));
        }
        if (!request.method().equals("POST")) {
            return Handling.reject(plain(405, "405 method not allowed"));
        }
        try {
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw GenerationValidation.bad("invalid_body", "the request body is not a JSON object");
            }
            GenerationValidation.Generation generation = GenerationValidation.check(body, defaultModel);
            if (!models.contains(generation.model())) {
                throw GenerationValidation.bad("invalid_model", "unknown model '" + generation.model() + "'");
            }
            return Handling.accept(generation.model(), SimResponse.json(200, Map.of(), Json.write(answer(generation, request))));
        } catch (InvalidRequest invalid) {
            return Handling.reject(json(invalid.status(), invalid.param() == null ? "invalid_request" : invalid.param(),
                    invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        if (status == 401) {
            return plain(401, "request unauthorized");
        }
        return json(status, codeFor(status), message, retryAfterSeconds);
    }

    private ObjectNode answer(GenerationValidation.Generation generation, SimRequest request) {
        boolean vector = GeneratedImages.isVector(generation.model(), generation.style());
        ObjectNode answer = Json.object();
        answer.put("created", System.currentTimeMillis() / 1000);
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < generation.n(); i++) {
            String imageId = Replies.id("img_");
            ObjectNode image = data.addObject();
            image.put("image_id", imageId);
            if (generation.base64()) {
                byte[] bytes = vector ? GeneratedImages.svg(generation.width(), generation.height()) : GeneratedImages.WEBP;
                image.put("b64_json", Base64.getEncoder().encodeToString(bytes));
            } else {
                String file = vector ? imageId + "-" + generation.width() + "x" + generation.height() + ".svg" : imageId + ".webp";
                image.put("url", "http://" + host(request) + "/" + id() + "/files/" + file);
            }
        }
        return answer;
    }

    // the simulator does not know its own port; the Host header the client sent names it
    private static String host(SimRequest request) {
        String host = request.header("Host");
        return host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    }

    private static SimResponse file(String path) {
        Matcher matcher = FILE.matcher(path);
        if (!matcher.matches()) {
            return plain(404, "404 page not found");
        }
        boolean svg = matcher.group(4).equals("svg");
        byte[] bytes = svg
                ? GeneratedImages.svg(matcher.group(2) == null ? 1024 : Integer.parseInt(matcher.group(2)),
                        matcher.group(3) == null ? 1024 : Integer.parseInt(matcher.group(3)))
                : GeneratedImages.WEBP;
        return new SimResponse(200, Map.of("Content-Type", svg ? "image/svg+xml" : "image/webp"), bytes);
    }

    private static SimResponse plain(int status, String text) {
        return new SimResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
    }

    private static SimResponse json(int status, String code, String message, int retryAfterSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 429 || status == 503) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(Json.object().put("code", code).put("message", message)));
    }

    /** The simulator's own codes: the reference documents no JSON error codes. */
    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 402 -> "not_enough_credits";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "too_many_requests";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }
}
