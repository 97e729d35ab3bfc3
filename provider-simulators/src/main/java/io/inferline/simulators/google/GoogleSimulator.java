package io.inferline.simulators.google;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Gemini: {@code POST /v1beta/models/{model}:generateContent} and {@code :batchEmbedContents} behind
 * {@code x-goog-api-key}, errors as {@code {"error":{"code","message","status"}}}. The image models answer
 * generateContent with {@code inlineData} image parts (see {@link ImageGeneration}).
 */
public final class GoogleSimulator implements SimulatedProvider {

    private static final Pattern METHOD_PATH = Pattern.compile("/v1beta/models/([^/:]+):([A-Za-z]+)");

    private final String apiKey;
    private final Set<String> models;
    private final int dimensions;

    public GoogleSimulator(String apiKey, Set<String> models, int embeddingDimensions) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.dimensions = embeddingDimensions;
    }

    @Override
    public String id() {
        return "google";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String key = request.header("x-goog-api-key");
        if (key == null) {
            key = queryKey(request.query());
        }
        if (key == null || key.isBlank()) {
            return Optional.of(error(401, "Method doesn't allow unregistered callers (callers without established identity). "
                    + "Please use API Key or other form of API consumer identity to call this API.", 0));
        }
        if (!key.equals(apiKey)) {
            return Optional.of(error(401, "API key not valid. Please pass a valid API key.", 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            Matcher path = METHOD_PATH.matcher(request.path());
            if (!path.matches() || !request.method().equals("POST")) {
                throw new InvalidRequest(404, "Method not found.");
            }
            String model = path.group(1);
            String method = path.group(2);
            if (!method.equals("generateContent") && !method.equals("batchEmbedContents")) {
                throw new InvalidRequest(404, "Method not found.");
            }
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw new InvalidRequest(400, "Invalid JSON payload received. Expected a JSON object.");
            }
            boolean embedding = method.equals("batchEmbedContents");
            if (embedding) {
                checkEmbedRequests(body, model);
            } else {
                GenerateContentValidation.check(body);
            }
            if (!models.contains(model) || Replies.isEmbeddingModel(model) != embedding) {
                throw new InvalidRequest(404, "models/" + model + " is not found for API version v1beta, or is not supported for "
                        + method + ". Call ListModels to see the list of available models and their supported methods.");
            }
            ObjectNode answer;
            if (embedding) {
                answer = embeddings(body);
            } else {
                Set<String> modalities = ImageGeneration.modalities(body, model);
                answer = ImageGeneration.imageModel(model) ? ImageGeneration.answer(body, model, modalities)
                        : GenerateContentAnswer.answer(body, model);
            }
            return Handling.accept(model, SimResponse.json(200, Map.of("x-request-id", Replies.id("")), Json.write(answer)));
        } catch (InvalidRequest invalid) {
            return Handling.reject(error(invalid.status(), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message).put("status", statusFor(status));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", Replies.id(""));
        if (status == 401) {
            error.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
        }
        if (status == 429) {
            error.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", retryAfterSeconds + "s");
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(body));
    }

    private void checkEmbedRequests(JsonNode body, String model) {
        JsonNode requests = body.get("requests");
        if (requests == null || !requests.isArray() || requests.size() == 0) {
            throw new InvalidRequest(400, "* BatchEmbedContentsRequest.requests: requests is not specified");
        }
        for (int i = 0; i < requests.size(); i++) {
            JsonNode each = requests.get(i);
            String named = Json.text(each, "model");
            if (!("models/" + model).equals(named)) {
                throw new InvalidRequest(400, "* BatchEmbedContentsRequest.requests[" + i + "].model: the model of every request "
                        + "must be the batch's, models/" + model + ", got " + named);
            }
            JsonNode parts = each.path("content").path("parts");
            if (!parts.isArray() || parts.size() == 0) {
                throw new InvalidRequest(400, "* BatchEmbedContentsRequest.requests[" + i + "].content.parts: contents.parts must not be empty.");
            }
            for (JsonNode part : parts) {
                if (Json.text(part, "text") == null) {
                    throw new InvalidRequest(400, "* BatchEmbedContentsRequest.requests[" + i + "].content.parts: only text parts can be embedded");
                }
            }
        }
    }

    private ObjectNode embeddings(JsonNode body) {
        ObjectNode answer = Json.object();
        ArrayNode embeddings = answer.putArray("embeddings");
        for (JsonNode each : body.get("requests")) {
            StringBuilder text = new StringBuilder();
            each.get("content").get("parts").forEach(part -> text.append(part.get("text").asText()));
            int size = each.path("outputDimensionality").asInt(dimensions);
            ArrayNode values = embeddings.addObject().putArray("values");
            for (float v : Replies.embedding(text.toString(), size > 0 ? size : dimensions)) {
                values.add(v);
            }
        }
        return answer;
    }

    private static String queryKey(String query) {
        for (String pair : query.split("&")) {
            if (pair.startsWith("key=")) {
                return java.net.URLDecoder.decode(pair.substring(4), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String statusFor(int status) {
        return switch (status) {
            case 400, 413 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
