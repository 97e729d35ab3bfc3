package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.RateLimitResets;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryAfter;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI's HTTP API.
 *
 * <ul>
 *   <li>Chat: {@code POST /v1/chat/completions}; with {@code options.extra["openai.api"]} = {@code responses}
 *       (a bare word or a JSON string) {@code POST /v1/responses}. Embeddings: {@code POST /v1/embeddings}.
 *       Images: {@code POST /v1/images/generations}. Speech: {@code POST /v1/audio/speech}. Transcription:
 *       {@code POST /v1/audio/transcriptions}.</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json} (transcription:
 *       {@code multipart/form-data} with its boundary). The upstream request id is the {@code x-request-id} header,
 *       else the body's {@code id}.</li>
 *   <li>Errors: {@code {"error":{"message","type","param","code"}}}; the error code is {@code code} when set
 *       (e.g. {@code rate_limit_exceeded}, {@code invalid_api_key}), else {@code type}. Waits come from
 *       {@code retry-after}, else {@code x-ratelimit-reset-requests}/{@code -tokens} (see {@link RateLimitResets}).</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: chat uses {@code max_completion_tokens}; an assistant message
 * that only calls tools is sent without {@code content}. The reference lists no tools, output format, history
 * items or stop sequences for the Responses API: tools are sent flattened ({@code {type:"function",name,
 * description,parameters}}), JSON output as {@code text.format}, earlier tool calls and results as
 * {@code function_call}/{@code function_call_output} items as the real API takes them; stop sequences are refused
 * (the API has none) and a seed is dropped there. A Responses answer with {@code status:"failed"} is a retryable
 * failure.
 *
 * <p>Images (GPT image models, e.g. {@code gpt-image-1}): {@code prompt} from {@code input.prompt}, {@code size} from
 * {@code options.size} as given, {@code n} from {@code options.extra["n"]} (1 to 10, default 1, the count the router
 * reserves for), {@code quality}, {@code background}, {@code moderation}, {@code output_format} and
 * {@code output_compression} from {@code options.extra}; {@code response_format} is never sent, since these models
 * refuse it and always answer {@code data[].b64_json}. Each image becomes an inline binary typed by its bytes, else by
 * the answer's {@code output_format}. Usage: one {@code IMAGES} unit per image returned, since the catalog prices
 * per image; the token counts the answer reports ({@code usage.input_tokens}/{@code output_tokens}) are kept beside
 * them as reported (priced at zero by such a catalog entry), and an answer without {@code usage} has none.
 *
 * <p>Speech ({@code tts-1}): {@code input} from {@code input.prompt} (the API refuses more than 4,096 characters
 * itself), {@code voice} from {@code options.voice} (default {@value Speech#DEFAULT_VOICE}; the API requires one),
 * {@code response_format} from {@code options.extra["response_format"]} (default {@code mp3}), {@code speed} from
 * {@code options.extra["speed"]} (0.25 to 4). The answer is the audio file itself: it must start as its format does
 * (a WAV whose header announces more data than arrived is cut short) or it is an invalid response. {@code pcm} is
 * typed {@code audio/L16;rate=24000;channels=1}, as the InWorld adapter types headerless audio, although OpenAI
 * documents the samples as little-endian. Usage is the text's characters (Unicode code points, as the router
 * counts them for its reservation): the API reports none. A body cut short in transit whose start is intact cannot
 * be told from a short answer; on the real API the transport's length framing catches that.
 *
 * <p>Transcription ({@code whisper-1}): the one {@code input.media} entry with {@code inline_data} is uploaded as
 * the form's {@code file} (named {@code audio.<ext>} after its content type, which must be one the API lists; at most
 * 25 MB), with {@code model}, {@code response_format=verbose_json}, {@code prompt} from {@code input.prompt},
 * {@code temperature} from {@code options.temperature} and {@code language} from {@code options.extra["language"]}.
 * Media given only by URI are refused: the API takes no URL and adapters fetch nothing. {@code verbose_json} is chosen
 * because it always carries the audio's {@code duration}; usage is {@code usage.seconds} when the answer has a
 * {@code duration} usage block (what OpenAI bills), else {@code duration}, rounded up to whole {@code SECONDS}. The
 * router reserves for {@code options.duration_seconds} (capped by {@code router.max.media.seconds}) or for that cap,
 * so a request that understates its duration costs what the audio measured, not what was reserved.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    static final String PROVIDER = "openai";
    private static final URI BASE_URL = URI.create("https://api.openai.com");
    private static final RetryClassifier CLASSIFIER = new RetryClassifier(false, headers -> RateLimitResets.wait(headers, List.of(
            new RateLimitResets.Limit("x-ratelimit-remaining-requests",
                    h -> RetryAfter.goDuration(h.apply("x-ratelimit-reset-requests"))),
            new RateLimitResets.Limit("x-ratelimit-remaining-tokens",
                    h -> RetryAfter.goDuration(h.apply("x-ratelimit-reset-tokens"))))));
    private static final ChatCompletionsBody CHAT_BODY = new ChatCompletionsBody(PROVIDER, "max_completion_tokens",
            ChatCompletionsBody.Seed.SENT, ChatCompletionsBody.ToolTurnContent.OMITTED);
    // function_call is the legacy functions API's reason, still answered by some models
    private static final ChatCompletionsAnswer CHAT_ANSWER = new ChatCompletionsAnswer(PROVIDER,
            ChatCompletionsAnswer.EmptyText.KEPT, ChatCompletionsAnswer.CachedTokens.AS_REPORTED, Set.of("tool_calls", "function_call"));

    public OpenAiAdapter() {
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
        OpenAiApi api = OpenAiApi.of(request);
        String authorization = "Bearer " + endpoint.apiKey().reveal();
        if (api == OpenAiApi.TRANSCRIPTIONS) {
            MultipartForm.Encoded form = Transcriptions.body(request);
            return new UpstreamRequest("POST", endpoint.resolve(api.path),
                    Map.of("Authorization", authorization, "Content-Type", form.contentType()), form.body());
        }
        JsonNode body = switch (api) {
            case CHAT_COMPLETIONS -> CHAT_BODY.of(request);
            case RESPONSES -> Responses.body(request);
            case EMBEDDINGS -> Embeddings.body(request);
            case IMAGES -> ImageGenerations.of(request).body();
            case SPEECH -> Speech.of(request).body();
            case TRANSCRIPTIONS -> throw new IllegalStateException("sent as a form above");
        };
        return UpstreamRequest.postJson(endpoint.resolve(api.path), Map.of("Authorization", authorization), JsonBody.bytes(body));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> headerId = Optional.ofNullable(response.header("x-request-id"));
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, OpenAiAdapter::errorOf), headerId);
            }
            OpenAiApi api = OpenAiApi.of(request);
            if (api == OpenAiApi.SPEECH) {
                return Speech.read(response, Speech.of(request), headerId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            Optional<String> upstreamId = headerId.or(() -> AnswerFields.optionalText(root, "id"));
            return switch (api) {
                case CHAT_COMPLETIONS -> CHAT_ANSWER.read(root, request, upstreamId);
                case RESPONSES -> Responses.read(root, request, response.status(), upstreamId);
                case EMBEDDINGS -> Embeddings.read(root, request, upstreamId);
                case IMAGES -> ImageGenerations.read(root, ImageGenerations.of(request), upstreamId);
                case TRANSCRIPTIONS -> Transcriptions.read(root, upstreamId);
                case SPEECH -> throw new IllegalStateException("read as audio above");
            };
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), headerId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", headerId);
        }
    }

    private static Optional<ProviderError> errorOf(JsonNode root) {
        JsonNode error = root.path("error");
        if (!error.isObject()) {
            return Optional.empty();
        }
        String code = error.path("code").isTextual() ? error.path("code").asText() : error.path("type").asText("");
        return Optional.of(new ProviderError(code, error.path("message").asText("")));
    }
}
