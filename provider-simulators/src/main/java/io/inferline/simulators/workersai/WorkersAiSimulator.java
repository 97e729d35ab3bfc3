package io.inferline.simulators.workersai;

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
 * Cloudflare Workers AI: {@code POST /client/v4/accounts/{account_id}/ai/run/{model}} behind
 * {@code Authorization: Bearer}, every answer in the {@code {result, success, errors, messages}} envelope. Text
 * generation, embeddings, and the media models of {@link MediaModels}.
 */
public final class WorkersAiSimulator implements SimulatedProvider {

    private static final Pattern RUN_PATH = Pattern.compile("/client/v4/accounts/([^/]+)/ai/run/(.+)");

    private final String apiToken;
    private final Set<String> models;
    private final String accountId;
    private final int dimensions;

    public WorkersAiSimulator(String apiToken, Set<String> models, String accountId, int embeddingDimensions) {
        this.apiToken = apiToken;
        this.models = Set.copyOf(models);
        this.accountId = accountId;
        this.dimensions = embeddingDimensions;
    }

    @Override
    public String id() {
        return "workers-ai";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !authorization.substring(7).trim().equals(apiToken)) {
            return Optional.of(failure(401, 10000, "Authentication error", 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            Matcher path = RUN_PATH.matcher(request.path());
            if (!path.matches()) {
                throw new InvalidRequest(404, "No route for that URI");
            }
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(405, "Method not allowed");
            }
            if (!path.group(1).equals(accountId)) {
                throw new InvalidRequest(403, "Authentication error: the token cannot act for account " + path.group(1));
            }
            String model = path.group(2);
            if (!models.contains(model)) {
                throw new InvalidRequest(404, "No such model " + model + " or task");
            }
            MediaModels.Task task = MediaModels.task(model);
            ObjectNode result;
            if (task == MediaModels.Task.SPEECH_RECOGNITION) {
                result = MediaModels.transcription(model, request);
            } else {
                JsonNode body = Json.parse(request.body());
                if (body == null || !body.isObject()) {
                    throw new InvalidRequest(400, "AiError: Bad input: the request body is not a JSON object");
                }
                result = switch (task) {
                    case EMBEDDINGS -> embeddings(body);
                    case TEXT_TO_IMAGE -> MediaModels.image(body);
                    case TEXT_TO_SPEECH -> MediaModels.speech(body);
                    default -> TextGeneration.answer(model, body);
                };
            }
            ObjectNode envelope = Json.object();
            envelope.set("result", result);
            envelope.put("success", true);
            envelope.putArray("errors");
            envelope.putArray("messages");
            return Handling.accept(model, SimResponse.json(200, Map.of("cf-ray", rayId()), Json.write(envelope)));
        } catch (InvalidRequest invalid) {
            return Handling.reject(failure(invalid.status(), codeFor(invalid.status()), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        return failure(status, codeFor(status), status == 429 ? "Capacity temporarily exceeded, please try again." : message,
                retryAfterSeconds);
    }

    private ObjectNode embeddings(JsonNode body) {
        JsonNode text = body.get("text");
        ArrayNode texts = Json.array();
        if (text != null && text.isTextual()) {
            texts.add(text);
        } else if (text != null && text.isArray() && text.size() > 0) {
            texts = (ArrayNode) text;
        } else {
            throw new InvalidRequest(400, "AiError: Bad input: 'text' must be a string or a non-empty array of strings");
        }
        ObjectNode result = Json.object();
        result.putArray("shape").add(texts.size()).add(dimensions);
        ArrayNode data = result.putArray("data");
        for (JsonNode each : texts) {
            if (!each.isTextual()) {
                throw new InvalidRequest(400, "AiError: Bad input: every 'text' item must be a string");
            }
            ArrayNode vector = data.addArray();
            for (float v : Replies.embedding(each.asText(), dimensions)) {
                vector.add(v);
            }
        }
        result.put("pooling", "mean");
        return result;
    }

    private static SimResponse failure(int status, int code, String message, int retryAfterSeconds) {
        ObjectNode envelope = Json.object();
        envelope.putNull("result");
        envelope.put("success", false);
        envelope.putArray("errors").addObject().put("code", code).put("message", message);
        envelope.putArray("messages");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cf-ray", rayId());
        if (status == 429) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(envelope));
    }

    /** 3040 and 10000 are Cloudflare's documented codes; the others are the simulator's own stand-ins. */
    private static int codeFor(int status) {
        return switch (status) {
            case 400 -> 5006;
            case 401, 403 -> 10000;
            case 404 -> 5007;
            case 413 -> 3006;
            case 429 -> 3040;
            case 503 -> 3040;
            default -> status >= 500 ? 3043 : 5006;
        };
    }

    private static String rayId() {
        return Replies.id("").substring(3) + "-SIM";
    }
}
