package io.inferline.workers.provider.inworld;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * InWorld's text-to-speech API, without streaming: {@code POST /tts/v1/voice}.
 *
 * <ul>
 *   <li>Headers: {@code Authorization: Basic <key>}, where the key is the Base64 credential InWorld's portal
 *       issues, sent as it is (not encoded again); {@code Content-Type: application/json}.</li>
 *   <li>Body: {@code text} (from {@code input.prompt}; the API takes at most 2,000 characters and refuses more
 *       itself), {@code voiceId} (from {@code options.voice}, default {@value VoiceBody#DEFAULT_VOICE}),
 *       {@code modelId} (the native id), {@code audioConfig.audioEncoding} (from
 *       {@code options.extra["audio_encoding"]}, default {@code MP3}), {@code audioConfig.sampleRateHertz} (from
 *       {@code options.extra["sample_rate_hertz"]}, else left to the API's 48 kHz) and {@code temperature} (from
 *       {@code options.temperature}).</li>
 *   <li>Answer: {@code {audioContent (base64), usage:{processedCharactersCount, modelId}}}; the audio becomes one
 *       inline binary whose type is read from its header, else follows the encoding (see {@link AudioEncoding}).
 *       Usage is {@code processedCharactersCount} {@code CHARACTERS}.</li>
 *   <li>Errors are gRPC statuses as JSON, {@code {code, message, details}} with a numeric gRPC code; the error code
 *       reported is its name, e.g. {@code RESOURCE_EXHAUSTED}. Waits come from {@code Retry-After}.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: an answer without {@code usage.processedCharactersCount} is billed
 * by the text's characters (Unicode code points) rather than retried, since the audio was made; no upstream
 * request id is documented, so none is reported; options the API has no field for are ignored, and
 * {@code options.extra} keys other than the two above are refused.
 */
public final class InworldAdapter implements ProviderAdapter {

    static final String PROVIDER = "inworld";
    private static final URI BASE_URL = URI.create("https://api.inworld.ai");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    private static final Map<Integer, String> GRPC_CODES = Map.ofEntries(
            Map.entry(1, "CANCELLED"), Map.entry(2, "UNKNOWN"), Map.entry(3, "INVALID_ARGUMENT"),
            Map.entry(4, "DEADLINE_EXCEEDED"), Map.entry(5, "NOT_FOUND"), Map.entry(6, "ALREADY_EXISTS"),
            Map.entry(7, "PERMISSION_DENIED"), Map.entry(8, "RESOURCE_EXHAUSTED"), Map.entry(9, "FAILED_PRECONDITION"),
            Map.entry(10, "ABORTED"), Map.entry(11, "OUT_OF_RANGE"), Map.entry(12, "UNIMPLEMENTED"),
            Map.entry(13, "INTERNAL"), Map.entry(14, "UNAVAILABLE"), Map.entry(15, "DATA_LOSS"),
            Map.entry(16, "UNAUTHENTICATED"));

    public InworldAdapter() {
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public URI defaultBaseUrl() {
        return BASE_URL;
    }

    @Override
    public RetryClassifier classifier() {
        return CLASSIFIER;
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        if (request.getCapability() != Capability.SPEECH) {
            throw Unsupported.capability(PROVIDER, request.getCapability(), "SPEECH");
        }
        return UpstreamRequest.postJson(endpoint.resolve("/tts/v1/voice"),
                Map.of("Authorization", "Basic " + endpoint.apiKey().reveal()),
                JsonBody.bytes(VoiceBody.of(request).body()));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> noId = Optional.empty();
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, InworldAdapter::statusOf), noId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            return VoiceAnswer.read(root, VoiceBody.of(request), noId);
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), noId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", noId);
        }
    }

    // {code, message, details}; some gateways nest it under "error"
    private static Optional<ProviderError> statusOf(JsonNode root) {
        JsonNode status = root.path("error").isObject() ? root.path("error") : root;
        if (!status.path("message").isTextual()) {
            return Optional.empty();
        }
        JsonNode code = status.path("code");
        String name = code.isIntegralNumber() ? GRPC_CODES.getOrDefault(code.asInt(), code.asText())
                : code.isTextual() ? code.asText() : "";
        return Optional.of(new ProviderError(name, status.path("message").asText()));
    }
}
