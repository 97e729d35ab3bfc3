package io.inferline.workers.provider.workersai;

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
import io.inferline.workers.provider.media.AudioInput;
import io.inferline.workers.provider.media.MediaSniffer;
import io.inferline.workers.retry.RetryClassifier;
import io.inferline.workers.retry.UpstreamFailure;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Cloudflare Workers AI's REST API.
 *
 * <ul>
 *   <li>Every model: {@code POST /client/v4/accounts/{account_id}/ai/run/{model}}, the model id's slashes
 *       kept as they are (e.g. {@code @cf/meta/llama-3.1-8b-instruct}); {@code account_id} is the endpoint setting of
 *       that name.</li>
 *   <li>Headers: {@code Authorization: Bearer <api token>}, {@code Content-Type: application/json}. The upstream
 *       request id is Cloudflare's {@code cf-ray} header, as the body carries none.</li>
 *   <li>Every answer is an envelope {@code {result, success, errors:[{code, message}], messages}}; a 200 with
 *       {@code success:false} is a failure too. The error code is the first error's number as text, e.g.
 *       {@code 3040}; the message joins the errors' messages.</li>
 *   <li>Usage: {@code result.usage} when the model reports it; otherwise, and always for embeddings, tokens are
 *       estimated from the texts.</li>
 * </ul>
 *
 * <p>Media models, by the input and output schemas of the models in the catalog (see {@link MediaModels}):
 * <ul>
 *   <li>Images ({@code @cf/black-forest-labs/flux-1-schnell}): {@code {prompt, steps}} with {@code steps} from
 *       {@code options.extra["steps"]} (1 to 8); the schema allows no other field, so {@code options.size} is refused and
 *       seed and temperature are not sent. {@code result.image} (base64) becomes an inline binary typed by its bytes,
 *       else {@code image/jpeg}; usage is one {@code IMAGES} unit.</li>
 *   <li>Speech ({@code @cf/myshell-ai/melotts}): {@code {prompt, lang}} with {@code lang} from
 *       {@code options.extra["lang"]} (else the model's {@code en}); {@code options.voice} has no field and is ignored.
 *       The reference lists two outputs, {@code result.audio} (base64 MP3) in the envelope or the MP3 itself; an answer
 *       typed {@code audio/*} is read as the audio. Usage is the prompt's characters (Unicode code points, as the router
 *       counts them), {@code CHARACTERS}: the model reports none.</li>
 *   <li>Transcription ({@code @cf/openai/whisper}): the one {@code input.media} entry's {@code inline_data} is the body,
 *       {@code Content-Type: application/octet-stream}; media given only by URI are refused (the model takes no URL,
 *       adapters fetch nothing). {@code input.prompt} has no field and is ignored. {@code result.text} is the text.
 *       Usage is {@code SECONDS} of audio, rounded up: the answer reports no duration, so it is read from the audio's
 *       WAV header when it has one, else from the latest timestamp of the answer ({@code words[].end}, the
 *       {@code vtt} cues, which miss trailing silence), else {@code options.duration_seconds} (what the router reserved
 *       for), else 0.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: chat always sends {@code messages} (a prompt becomes one user
 * message), system messages stay in them; tools are sent in the OpenAI shape they come in, and earlier tool
 * calls and results too ({@code tool_calls}, {@code tool_call_id}); stop sequences and JSON output are refused
 * (no field for them); answers carry no finish reason, so it is {@code tool_calls} when the model called tools
 * and {@code stop} otherwise, and tool calls without an id get {@code call_<n>}. A 200 with {@code success:false}
 * is classified as its HTTP twin: code 3040 as 429, code 10000 as 401, any other as 500.
 */
public final class WorkersAiAdapter implements ProviderAdapter {

    static final String PROVIDER = "workers-ai";
    /** The endpoint setting that holds the Cloudflare account id. */
    public static final String ACCOUNT_ID = "account_id";
    private static final URI BASE_URL = URI.create("https://api.cloudflare.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    private static final Pattern ACCOUNT_ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern MODEL_SHAPE = Pattern.compile("[A-Za-z0-9@._/-]+");
    private static final Map<Integer, Integer> STATUS_OF_CODE = Map.of(3040, 429, 10000, 401);
    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.CHAT, Capability.EMBEDDING,
            Capability.IMAGE, Capability.SPEECH, Capability.TRANSCRIPTION);

    public WorkersAiAdapter() {
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
        Capability capability = request.getCapability();
        if (!CAPABILITIES.contains(capability)) {
            throw Unsupported.capability(PROVIDER, capability, "CHAT, EMBEDDING, IMAGE, SPEECH, TRANSCRIPTION");
        }
        String account = endpoint.setting(ACCOUNT_ID)
                .filter(id -> !id.isBlank())
                .orElseThrow(() -> Unsupported.because(PROVIDER + " needs the endpoint setting " + ACCOUNT_ID + ", and it is not set"));
        if (!ACCOUNT_ID_SHAPE.matcher(account).matches()) {
            throw Unsupported.because(PROVIDER + ": the endpoint setting " + ACCOUNT_ID + " is not an account id");
        }
        if (!MODEL_SHAPE.matcher(request.getModel()).matches()) {
            throw Unsupported.because(PROVIDER + ": model id '" + request.getModel() + "' cannot be put in the run path");
        }
        URI uri = endpoint.resolve("/client/v4/accounts/" + account + "/ai/run/" + request.getModel());
        String authorization = "Bearer " + endpoint.apiKey().reveal();
        return switch (capability) {
            case IMAGE -> UpstreamRequest.postJson(uri, Map.of("Authorization", authorization), JsonBody.bytes(MediaModels.imageBody(request)));
            case SPEECH -> UpstreamRequest.postJson(uri, Map.of("Authorization", authorization), JsonBody.bytes(MediaModels.speechBody(request)));
            // the audio itself is the body, the first input form the reference gives (the other is a JSON array of bytes)
            case TRANSCRIPTION -> new UpstreamRequest("POST", uri,
                    Map.of("Authorization", authorization, "Content-Type", AudioInput.UNKNOWN_TYPE), MediaModels.audio(request));
            default -> UpstreamRequest.postJson(uri, Map.of("Authorization", authorization), JsonBody.bytes(RunBody.of(request)));
        };
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> rayId = Optional.ofNullable(response.header("cf-ray"));
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, WorkersAiAdapter::errorOf), rayId);
            }
            if (request.getCapability() == Capability.SPEECH && isAudio(response)) {
                return MediaModels.speechAudio(response.body(), request, rayId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject() || !root.path("success").isBoolean()) {
                throw new InvalidAnswerException("the answer has no success (a boolean)");
            }
            if (!root.path("success").asBoolean()) {
                return failedEnvelope(response, now, rayId);
            }
            JsonNode result = root.path("result");
            if (!result.isObject()) {
                throw new InvalidAnswerException("the answer has no result (an object)");
            }
            return RunAnswer.read(result, request, rayId);
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), rayId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", rayId);
        }
    }

    // text-to-speech may answer the audio itself instead of the JSON envelope
    private static boolean isAudio(UpstreamResponse response) {
        String type = response.header("Content-Type");
        if (type != null) {
            return type.toLowerCase(Locale.ROOT).startsWith("audio/");
        }
        return MediaSniffer.contentType(response.body()).filter(found -> found.startsWith("audio/")).isPresent();
    }

    // a 2xx that says it failed is classified as the HTTP status its error code stands for, keeping the real status
    private AdapterResult failedEnvelope(UpstreamResponse response, Instant now, Optional<String> rayId) {
        ProviderError error = ProviderError.read(response, PROVIDER, WorkersAiAdapter::errorOf);
        int twin = parseCode(error.code()).map(code -> STATUS_OF_CODE.getOrDefault(code, 500)).orElse(500);
        UpstreamFailure classified = classifier().classify(twin, response::header, now);
        UpstreamFailure failure = new UpstreamFailure(classified.kind(), Optional.of(response.status()), classified.retryAfter(),
                "workers-ai answered HTTP " + response.status() + " with success:false");
        return FailureResults.upstreamError(failure, error, rayId);
    }

    private static Optional<Integer> parseCode(String code) {
        try {
            return Optional.of(Integer.parseInt(code));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProviderError> errorOf(JsonNode root) {
        JsonNode errors = root.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = errors.get(0);
        String code = first.path("code").isNumber() || first.path("code").isTextual() ? first.path("code").asText() : "";
        String message = StreamSupport.stream(errors.spliterator(), false)
                .map(error -> error.path("message").asText(""))
                .filter(text -> !text.isEmpty())
                .collect(Collectors.joining("; "));
        return Optional.of(new ProviderError(code, message));
    }
}
