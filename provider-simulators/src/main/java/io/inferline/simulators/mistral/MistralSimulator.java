package io.inferline.simulators.mistral;

import static io.inferline.simulators.mistral.Schema.loc;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mistral AI: {@code POST /v1/chat/completions} and {@code POST /v1/embeddings} behind {@code Authorization: Bearer}.
 * Errors follow the error glossary, {@code {"object":"error","message","type","param","code"}}; a body the schema
 * refuses is a 422 whose {@code message} holds the validator's {@code {"detail":[{type, loc, msg, input}]}}, as the
 * real API sends it. Unknown fields are refused, as the real API does since it became strict.
 */
public final class MistralSimulator implements SimulatedProvider {

    private static final Set<String> EMBEDDING_FIELDS = Set.of("model", "metadata", "input", "output_dimension",
            "output_dtype", "encoding_format");

    private final String apiKey;
    private final Set<String> models;
    private final int dimensions;

    public MistralSimulator(String apiKey, Set<String> models, int embeddingDimensions) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.dimensions = embeddingDimensions;
    }

    @Override
    public String id() {
        return "mistral";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !authorization.substring(7).trim().equals(apiKey)) {
            return Optional.of(error(401, "Unauthorized", "authentication_error", null, null));
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
                case "/v1/chat/completions" -> {
                    JsonNode body = parse(request);
                    String model = known(MistralChat.check(body), false);
                    return Handling.accept(model, ok(MistralChat.answer(body)));
                }
                case "/v1/embeddings" -> {
                    JsonNode body = parse(request);
                    String model = known(checkEmbeddings(body), true);
                    return Handling.accept(model, ok(embeddings(body)));
                }
                default -> throw new InvalidRequest(404, "Not Found");
            }
        } catch (Unprocessable invalid) {
            return Handling.reject(unprocessable(invalid));
        } catch (InvalidRequest invalid) {
            // the glossary's error type travels in the param slot (Mistral's errors carry no param here)
            String type = invalid.param() != null ? invalid.param() : invalid.status() == 404 ? "not_found" : "invalid_request_error";
            return Handling.reject(error(invalid.status(), invalid.getMessage(), type, null,
                    "invalid_model".equals(type) ? "1500" : null));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        SimResponse plain = switch (status) {
            case 429 -> error(status, "Rate limit exceeded", "rate_limited", null, "1300");
            case 413 -> error(status, message, "invalid_request_error", null, null);
            default -> error(status, message, status >= 500 ? "server_error" : "invalid_request_error", null, null);
        };
        if (status != 429) {
            return plain;
        }
        Map<String, String> headers = new LinkedHashMap<>(plain.headers());
        headers.put("retry-after", Integer.toString(retryAfterSeconds));
        headers.put("x-ratelimit-limit-req-minute", "60");
        headers.put("x-ratelimit-remaining-req-minute", "0");
        return new SimResponse(status, headers, plain.body());
    }

    // unknown models are a 400 "invalid_model" at Mistral, not a 404
    private String known(String model, boolean embedding) {
        if (!models.contains(model) || embedding != Replies.isEmbeddingModel(model)) {
            throw new InvalidRequest(400, "Invalid model: " + model, "invalid_model");
        }
        return model;
    }

    private static String checkEmbeddings(JsonNode body) {
        Schema.onlyFields(body, EMBEDDING_FIELDS, loc());
        String model = Schema.string(body, "model", loc());
        JsonNode input = Schema.required(body, "input", loc());
        if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw new Unprocessable("string_type", loc("input", i), "Input should be a valid string");
                }
            }
            if (input.isEmpty()) {
                throw new InvalidRequest(400, "Input must not be empty.");
            }
        } else if (!input.isTextual()) {
            throw new Unprocessable("string_type", loc("input"), "Input should be a valid string");
        }
        Schema.oneOf(body, "output_dtype", Set.of("float"), loc());
        Schema.oneOf(body, "encoding_format", Set.of("float"), loc());
        Schema.integer(body, "output_dimension", 1, loc());
        return model;
    }

    private ObjectNode embeddings(JsonNode body) {
        JsonNode input = body.get("input");
        List<JsonNode> texts = new java.util.ArrayList<>();
        input.forEach(texts::add);
        if (input.isTextual()) {
            texts.add(input);
        }
        ArrayNode data = Json.array();
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            ArrayNode values = data.addObject().put("object", "embedding").putArray("embedding");
            for (float v : Replies.embedding(texts.get(i).asText(), dimensions)) {
                values.add(v);
            }
            ((ObjectNode) data.get(i)).put("index", i);
            tokens += Replies.tokens(texts.get(i).asText());
        }
        ObjectNode answer = Json.object().put("id", Replies.id("embd-")).put("object", "list");
        answer.set("data", data);
        answer.put("model", body.get("model").asText());
        answer.putObject("usage").put("prompt_tokens", tokens).put("completion_tokens", 0).put("total_tokens", tokens);
        return answer;
    }

    private static JsonNode parse(SimRequest request) {
        JsonNode body = Json.parse(request.body());
        if (body == null) {
            throw new Unprocessable("json_invalid", loc(0), "JSON decode error");
        }
        if (!body.isObject()) {
            throw new Unprocessable("model_attributes_type", loc(), "Input should be a valid dictionary or object to extract fields from");
        }
        return body;
    }

    private static SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of("mistral-correlation-id", Replies.id("corr-"),
                "x-ratelimit-remaining-req-minute", "59"), Json.write(answer));
    }

    private static SimResponse unprocessable(Unprocessable invalid) {
        ObjectNode detail = Json.object().put("type", invalid.type());
        ArrayNode loc = detail.putArray("loc");
        invalid.loc().forEach(part -> {
            if (part instanceof Integer index) {
                loc.add(index);
            } else {
                loc.add(part.toString());
            }
        });
        detail.put("msg", invalid.getMessage());
        ObjectNode body = Json.object().put("object", "error");
        body.putObject("message").putArray("detail").add(detail);
        body.put("type", "invalid_request_error").putNull("param").putNull("code");
        return SimResponse.json(422, Map.of("mistral-correlation-id", Replies.id("corr-")), Json.write(body));
    }

    private static SimResponse error(int status, String message, String type, String param, String code) {
        ObjectNode body = Json.object().put("object", "error").put("message", message).put("type", type);
        body.put("param", param).put("code", code);
        return SimResponse.json(status, Map.of("mistral-correlation-id", Replies.id("corr-")), Json.write(body));
    }
}
