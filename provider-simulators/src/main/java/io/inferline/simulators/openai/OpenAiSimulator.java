package io.inferline.simulators.openai;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI: {@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/embeddings}, {@code /v1/images/generations},
 * {@code /v1/audio/speech} (audio bytes out) and {@code /v1/audio/transcriptions} (multipart form in) behind
 * {@code Authorization: Bearer}, errors as {@code {"error":{"message","type","param","code"}}}.
 */
public final class OpenAiSimulator implements SimulatedProvider {

    private final String apiKey;
    private final Set<String> models;
    private final int dimensions;

    public OpenAiSimulator(String apiKey, Set<String> models, int embeddingDimensions) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.dimensions = embeddingDimensions;
    }

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            return Optional.of(error(401, "You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, "invalid_api_key"));
        }
        String key = authorization.substring(7).trim();
        if (!key.equals(apiKey)) {
            return Optional.of(error(401, "Incorrect API key provided: " + mask(key) + ".", null, "invalid_api_key"));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(404, "Invalid URL (" + request.method() + " " + request.path() + ")");
            }
            JsonNode body;
            switch (request.path()) {
                case "/v1/chat/completions":
                    body = parse(request);
                    return Handling.accept(ChatCompletions.model(body, this), ok(ChatCompletions.answer(body)));
                case "/v1/responses":
                    body = parse(request);
                    return Handling.accept(Responses.model(body, this), ok(Responses.answer(body)));
                case "/v1/embeddings":
                    body = parse(request);
                    return Handling.accept(embeddingModel(body), ok(embeddings(body)));
                case "/v1/images/generations":
                    body = parse(request);
                    return Handling.accept(ImageGenerations.model(body, this), ok(ImageGenerations.answer(body)));
                case "/v1/audio/speech":
                    body = parse(request);
                    return Handling.accept(Speech.model(body, this), Speech.answer(body));
                case "/v1/audio/transcriptions":
                    Transcriptions.Transcription transcription = Transcriptions.read(request, this);
                    return Handling.accept(transcription.model(), Transcriptions.answer(transcription));
                default:
                    throw new InvalidRequest(404, "Invalid URL (POST " + request.path() + ")");
            }
        } catch (InvalidRequest invalid) {
            String code = invalid.status() == 404 && invalid.getMessage().startsWith("The model") ? "model_not_found" : null;
            return Handling.reject(error(invalid.status(), invalid.getMessage(), invalid.param(), code));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        SimResponse plain = error(status, message, null, defaultCode(status));
        if (status != 429) {
            return plain;
        }
        Map<String, String> headers = new LinkedHashMap<>(plain.headers());
        headers.put("retry-after", Integer.toString(retryAfterSeconds));
        headers.put("x-ratelimit-limit-requests", "500");
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("x-ratelimit-reset-requests", retryAfterSeconds + "s");
        headers.put("x-ratelimit-reset-tokens", retryAfterSeconds + "s");
        return new SimResponse(status, headers, plain.body());
    }

    /** Validates a chat or embedding model id the request names: 400 when missing, 404 when not served. */
    String knownModel(JsonNode body, boolean embedding) {
        String model = servedModel(Json.text(body, "model"));
        ModelKind kind = ModelKind.of(model);
        if (embedding ? kind != ModelKind.EMBEDDING : kind != ModelKind.CHAT) {
            throw new InvalidRequest(embedding ? 400 : 404, embedding
                    ? "The model `" + model + "` does not support embeddings."
                    : "This is not a chat model and thus not supported in this endpoint.", "model");
        }
        return model;
    }

    /** A model id that must be given and served: 400 when missing, 404 when unknown. */
    String servedModel(String model) {
        if (model == null || model.isEmpty()) {
            throw new InvalidRequest(400, "you must provide a model parameter", "model");
        }
        if (!models.contains(model)) {
            throw new InvalidRequest(404, "The model `" + model + "` does not exist or you do not have access to it.", "model");
        }
        return model;
    }

    private String embeddingModel(JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new InvalidRequest(400, "Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            requireText(input, "input");
        } else if (input.isArray() && input.size() > 0) {
            for (int i = 0; i < input.size(); i++) {
                requireText(input.get(i), "input[" + i + "]");
            }
        } else {
            throw new InvalidRequest(400, "'input' must be a non-empty string or a non-empty array of strings.", "input");
        }
        JsonNode dims = body.get("dimensions");
        if (dims != null && !dims.isNull() && (!dims.canConvertToExactIntegral() || dims.asInt() < 1)) {
            throw new InvalidRequest(400, "Invalid 'dimensions': expected a positive integer.", "dimensions");
        }
        String format = Json.text(body, "encoding_format");
        if (Json.has(body, "encoding_format") && !"float".equals(format) && !"base64".equals(format)) {
            throw new InvalidRequest(400, "Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format");
        }
        return knownModel(body, true);
    }

    private ObjectNode embeddings(JsonNode body) {
        JsonNode input = body.get("input");
        int size = Json.has(body, "dimensions") ? body.get("dimensions").asInt() : dimensions;
        boolean base64 = "base64".equals(Json.text(body, "encoding_format"));
        ArrayNode data = Json.array();
        int tokens = 0;
        int index = 0;
        for (JsonNode text : input.isArray() ? input : Json.array().add(input)) {
            float[] vector = Replies.embedding(text.asText(), size);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            tokens += Replies.tokens(text.asText());
        }
        ObjectNode answer = Json.object().put("object", "list");
        answer.set("data", data);
        answer.put("model", body.get("model").asText());
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return answer;
    }

    private static void requireText(JsonNode value, String param) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidRequest(400, "'" + param + "' must be a non-empty string.", "input");
        }
    }

    private static JsonNode parse(SimRequest request) {
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw new InvalidRequest(400, "We could not parse the JSON body of your request. (HINT: This likely means you "
                    + "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)");
        }
        if (body.path("stream").asBoolean(false)) {
            throw new InvalidRequest(400, "The simulator does not stream: 'stream' must be false or absent.", "stream");
        }
        return body;
    }

    private SimResponse ok(ObjectNode answer) {
        return SimResponse.json(200, Map.of("x-request-id", Replies.id("req_")), Json.write(answer));
    }

    private SimResponse error(int status, String message, String param, String code) {
        ObjectNode error = Json.object();
        error.putObject("error").put("message", message).put("type", typeFor(status)).put("param", param).put("code", code);
        return SimResponse.json(status, Map.of("x-request-id", Replies.id("req_")), Json.write(error));
    }

    private static String typeFor(int status) {
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    /** Echoes only the ends of a wrong key, as the real API does. */
    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(8) + key.substring(key.length() - 4);
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }
}
