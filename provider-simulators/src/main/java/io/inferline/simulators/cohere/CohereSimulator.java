package io.inferline.simulators.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cohere API v2: {@code POST /v2/chat} and {@code POST /v2/embed} behind {@code Authorization: Bearer}, errors as
 * {@code {"message": string}} (the shape Cohere's errors reference gives; the body carries no code). Chat usage has
 * both blocks: {@code billed_units} (what is charged) and {@code tokens} (what was processed, prompt template
 * included, see {@link CohereChat#TEMPLATE_TOKENS}).
 */
public final class CohereSimulator implements SimulatedProvider {

    private final String apiKey;
    private final Set<String> models;
    private final int dimensions;

    public CohereSimulator(String apiKey, Set<String> models, int embeddingDimensions) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.dimensions = embeddingDimensions;
    }

    @Override
    public String id() {
        return "cohere";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            return Optional.of(error(401, "no api key supplied", 0));
        }
        if (!authorization.substring(7).trim().equals(apiKey)) {
            return Optional.of(error(401, "invalid api token", 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(405, "Method Not Allowed");
            }
            switch (request.path()) {
                case "/v2/chat" -> {
                    JsonNode body = parse(request);
                    CohereChat.check(body);
                    String model = known(body, false);
                    return Handling.accept(model, ok(CohereChat.answer(body)));
                }
                case "/v2/embed" -> {
                    JsonNode body = parse(request);
                    CohereEmbed.check(body);
                    String model = known(body, true);
                    return Handling.accept(model, ok(CohereEmbed.answer(body, dimensions)));
                }
                default -> throw new InvalidRequest(404, "Not Found");
            }
        } catch (InvalidRequest invalid) {
            return Handling.reject(error(invalid.status(), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        String text = status == 429 ? "You are past the per-minute request limit of your key (simulated). Please wait and retry."
                : message;
        ObjectNode body = Json.object().put("message", text);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-debug-trace-id", UUID.randomUUID().toString().replace("-", ""));
        if (status == 429) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(body));
    }

    private String known(JsonNode body, boolean embedding) {
        String model = body.get("model").asText();
        if (!models.contains(model)) {
            throw new InvalidRequest(404, "model '" + model + "' not found, make sure the correct model ID was used and that you "
                    + "have access to the model.");
        }
        if (embedding != Replies.isEmbeddingModel(model)) {
            throw CohereChat.bad("model '" + model + "' is not supported by the " + (embedding ? "embed" : "chat") + " API");
        }
        return model;
    }

    private static JsonNode parse(SimRequest request) {
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw CohereChat.bad("the body is not a JSON object");
        }
        return body;
    }

    private static SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of("x-debug-trace-id", UUID.randomUUID().toString().replace("-", "")), Json.write(answer));
    }
}
