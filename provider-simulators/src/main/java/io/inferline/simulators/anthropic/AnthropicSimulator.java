package io.inferline.simulators.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Anthropic: {@code POST /v1/messages} behind {@code x-api-key} and {@code anthropic-version: 2023-06-01},
 * errors as {@code {"type":"error","error":{"type","message"}}}.
 */
public final class AnthropicSimulator implements SimulatedProvider {

    /** The only API version the simulator speaks, as the adapters must send it. */
    public static final String VERSION = "2023-06-01";

    private final String apiKey;
    private final Set<String> models;

    public AnthropicSimulator(String apiKey, Set<String> models) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
    }

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String key = request.header("x-api-key");
        if (key == null || key.isBlank()) {
            return Optional.of(error(401, "x-api-key header is required", 0));
        }
        if (!key.equals(apiKey)) {
            return Optional.of(error(401, "invalid x-api-key", 0));
        }
        String version = request.header("anthropic-version");
        if (version == null || version.isBlank()) {
            return Optional.of(error(400, "anthropic-version: header is required", 0));
        }
        if (!version.equals(VERSION)) {
            return Optional.of(error(400, "anthropic-version: \"" + version + "\" is not a valid version", 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            if (!request.path().equals("/v1/messages")) {
                throw new InvalidRequest(404, "Not found");
            }
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(405, "Method Not Allowed");
            }
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw new InvalidRequest(400, "There was an error parsing the body of your request: it is not a JSON object");
            }
            MessagesValidation.check(body);
            String model = body.get("model").asText();
            if (!models.contains(model)) {
                throw new InvalidRequest(404, "model: " + model);
            }
            return Handling.accept(model, SimResponse.json(200, Map.of("request-id", Replies.id("req_")),
                    Json.write(MessagesAnswer.answer(body))));
        } catch (InvalidRequest invalid) {
            return Handling.reject(error(invalid.status(), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        String requestId = Replies.id("req_");
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", typeFor(status)).put("message", message);
        body.put("request_id", requestId);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-id", requestId);
        if (status == 429 || status >= 500) {
            headers.put("x-should-retry", "true");
        }
        if (status == 429) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
            headers.put("anthropic-ratelimit-requests-limit", "50");
            headers.put("anthropic-ratelimit-requests-remaining", "0");
            headers.put("anthropic-ratelimit-requests-reset",
                    Instant.now().plusSeconds(retryAfterSeconds).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return SimResponse.json(status, headers, Json.write(body));
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
