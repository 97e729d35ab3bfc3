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

/**
 * OpenAI's HTTP API.
 *
 * <ul>
 *   <li>Chat: {@code POST /v1/chat/completions}; with {@code options.extra["openai.api"]} = {@code responses}
 *       (a bare word or a JSON string) {@code POST /v1/responses}. Embeddings: {@code POST /v1/embeddings}.</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}. The upstream request
 *       id is the {@code x-request-id} header, else the body's {@code id}.</li>
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
 */
public final class OpenAiAdapter implements ProviderAdapter {

    static final String PROVIDER = "openai";
    private static final URI BASE_URL = URI.create("https://api.openai.com");
    private static final RetryClassifier CLASSIFIER = new RetryClassifier(false, headers -> RateLimitResets.wait(headers, List.of(
            new RateLimitResets.Limit("x-ratelimit-remaining-requests",
                    h -> RetryAfter.goDuration(h.apply("x-ratelimit-reset-requests"))),
            new RateLimitResets.Limit("x-ratelimit-remaining-tokens",
                    h -> RetryAfter.goDuration(h.apply("x-ratelimit-reset-tokens"))))));

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
        JsonNode body = switch (api) {
            case CHAT_COMPLETIONS -> ChatCompletions.body(request);
            case RESPONSES -> Responses.body(request);
            case EMBEDDINGS -> Embeddings.body(request);
        };
        return UpstreamRequest.postJson(endpoint.resolve(api.path),
                Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal()), JsonBody.bytes(body));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> headerId = Optional.ofNullable(response.header("x-request-id"));
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, OpenAiAdapter::errorOf), headerId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            Optional<String> upstreamId = headerId.or(() -> AnswerFields.optionalText(root, "id"));
            return switch (OpenAiApi.of(request)) {
                case CHAT_COMPLETIONS -> ChatCompletions.read(root, request, upstreamId);
                case RESPONSES -> Responses.read(root, request, response.status(), upstreamId);
                case EMBEDDINGS -> Embeddings.read(root, request, upstreamId);
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
