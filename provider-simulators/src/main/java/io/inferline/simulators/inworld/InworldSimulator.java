package io.inferline.simulators.inworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * InWorld TTS: {@code POST /tts/v1/voice} behind {@code Authorization: Basic <key>} (the key is the Base64
 * credential itself), answering {@code {audioContent, usage:{processedCharactersCount, modelId}}}. Errors are
 * gRPC statuses as JSON, {@code {code, message, details}}, with the HTTP status gRPC-gateway maps the code to.
 */
public final class InworldSimulator implements SimulatedProvider {

    static final String VOICE = "/tts/v1/voice";
    static final int MAX_TEXT_CHARS = 2000;
    private static final Set<String> ENCODINGS = Set.of("LINEAR16", "MP3", "OGG_OPUS", "ALAW", "MULAW", "FLAC", "PCM", "WAV");
    private static final int DEFAULT_SAMPLE_RATE = 48_000;

    private final String apiKey;
    private final Set<String> models;

    public InworldSimulator(String apiKey, Set<String> models) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
    }

    @Override
    public String id() {
        return "inworld";
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ") || !authorization.substring(6).trim().equals(apiKey)) {
            return Optional.of(error(401, "Unauthenticated: missing or invalid credentials", 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            if (!request.path().equals(VOICE)) {
                throw new InvalidRequest(404, "Not Found");
            }
            if (!request.method().equals("POST")) {
                throw new InvalidRequest(405, "Method Not Allowed");
            }
            JsonNode body = Json.parse(request.body());
            if (body == null || !body.isObject()) {
                throw bad("invalid JSON payload: the request body is not a JSON object");
            }
            String text = Json.text(body, "text");
            if (text == null || text.isBlank()) {
                throw bad("text is required");
            }
            int characters = text.codePointCount(0, text.length());
            if (characters > MAX_TEXT_CHARS) {
                throw bad("text must be at most " + MAX_TEXT_CHARS + " characters, got " + characters);
            }
            String voice = Json.text(body, "voiceId");
            if (voice == null || voice.isBlank()) {
                throw bad("voiceId is required");
            }
            String model = Json.text(body, "modelId");
            if (model == null || model.isBlank()) {
                throw bad("modelId is required");
            }
            if (!models.contains(model)) {
                throw new InvalidRequest(404, "model '" + model + "' not found");
            }
            AudioRequest audio = audio(body.get("audioConfig"));
            if (Json.has(body, "temperature")) {
                JsonNode temperature = body.get("temperature");
                if (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2) {
                    throw bad("temperature must be a number between 0 and 2");
                }
            }
            ObjectNode answer = Json.object();
            answer.put("audioContent", Base64.getEncoder().encodeToString(
                    SimulatedAudio.of(audio.encoding(), audio.sampleRate(), characters)));
            answer.putObject("usage").put("processedCharactersCount", characters).put("modelId", model);
            return Handling.accept(model, SimResponse.json(200, Map.of(), Json.write(answer)));
        } catch (InvalidRequest invalid) {
            return Handling.reject(error(invalid.status(), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        ObjectNode body = Json.object().put("code", grpcCode(status)).put("message", message);
        body.putArray("details");
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 429 || status == 503) {
            headers.put("retry-after", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(body));
    }

    private record AudioRequest(String encoding, int sampleRate) {
    }

    private static AudioRequest audio(JsonNode config) {
        if (config == null || config.isNull()) {
            throw bad("audioConfig is required");
        }
        if (!config.isObject()) {
            throw bad("audioConfig must be an object");
        }
        String encoding = Json.text(config, "audioEncoding");
        if (encoding == null || !ENCODINGS.contains(encoding)) {
            throw bad("audioConfig.audioEncoding must be one of " + ENCODINGS);
        }
        int rate = DEFAULT_SAMPLE_RATE;
        if (Json.has(config, "sampleRateHertz")) {
            JsonNode value = config.get("sampleRateHertz");
            if (!value.canConvertToExactIntegral() || value.asInt() < 8000 || value.asInt() > 48000) {
                throw bad("audioConfig.sampleRateHertz must be an integer from 8000 to 48000");
            }
            rate = value.asInt();
        }
        return new AudioRequest(encoding, rate);
    }

    /** The gRPC code gRPC-gateway answers with each HTTP status. */
    static int grpcCode(int status) {
        return switch (status) {
            case 400 -> 3;   // INVALID_ARGUMENT
            case 401 -> 16;  // UNAUTHENTICATED
            case 403 -> 7;   // PERMISSION_DENIED
            case 404 -> 5;   // NOT_FOUND
            case 405, 501 -> 12; // UNIMPLEMENTED
            case 409 -> 10;  // ABORTED
            case 413 -> 8;   // RESOURCE_EXHAUSTED (message too large)
            case 429 -> 8;   // RESOURCE_EXHAUSTED
            case 499 -> 1;   // CANCELLED
            case 503 -> 14;  // UNAVAILABLE
            case 504 -> 4;   // DEADLINE_EXCEEDED
            default -> status >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
        };
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message);
    }
}
