package io.inferline.workers.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.RateLimitResets;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryAfter;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Anthropic's Messages API: chat only ({@code POST /v1/messages}); Anthropic has no embedding endpoint.
 *
 * <ul>
 *   <li>Headers: {@code x-api-key: <key>}, {@code anthropic-version: 2023-06-01}, {@code Content-Type:
 *       application/json}. The upstream request id is the {@code request-id} header, else the body's {@code id}.</li>
 *   <li>System messages are lifted into {@code system} (joined by a blank line); tool results become
 *       {@code tool_result} blocks of a user turn, and consecutive turns of one role are merged.</li>
 *   <li>{@code max_tokens} is required by the API: {@code max_output_tokens}, else 4096 (see
 *       {@link MessagesBody#DEFAULT_MAX_TOKENS}).</li>
 *   <li>Errors: {@code {"type":"error","error":{"type","message"}}}; the error code is {@code error.type}
 *       (e.g. {@code overloaded_error} on 529). Waits come from {@code retry-after}, else the RFC 3339
 *       {@code anthropic-ratelimit-requests-reset}/{@code -tokens-reset} (see {@link RateLimitResets}).</li>
 *   <li>Usage: input is {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens}, cached is
 *       {@code cache_read_input_tokens}.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: {@code response_format json_object} is refused (the API has no JSON
 * mode) and a seed is dropped (it has no seed).
 */
public final class AnthropicAdapter implements ProviderAdapter {

    static final String PROVIDER = "anthropic";
    static final String VERSION = "2023-06-01";
    private static final URI BASE_URL = URI.create("https://api.anthropic.com");
    private static final RetryClassifier SYSTEM_CLOCK_CLASSIFIER = classifierAt(Instant::now);

    public AnthropicAdapter() {
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public URI defaultBaseUrl() {
        return BASE_URL;
    }

    /** Reads the reset instants against the system clock; {@link #fromUpstream} uses its own {@code now} instead. */
    @Override
    public RetryClassifier classifier() {
        return SYSTEM_CLOCK_CLASSIFIER;
    }

    // the reset headers are instants, and the classifier's header reader is not told the time
    private static RetryClassifier classifierAt(Supplier<Instant> now) {
        return new RetryClassifier(false, headers -> RateLimitResets.wait(headers, List.of(
                new RateLimitResets.Limit("anthropic-ratelimit-requests-remaining",
                        h -> RetryAfter.untilInstant(h.apply("anthropic-ratelimit-requests-reset"), now.get())),
                new RateLimitResets.Limit("anthropic-ratelimit-tokens-remaining",
                        h -> RetryAfter.untilInstant(h.apply("anthropic-ratelimit-tokens-reset"), now.get())))));
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        if (request.getCapability() != Capability.CHAT) {
            throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", endpoint.apiKey().reveal());
        headers.put("anthropic-version", VERSION);
        return UpstreamRequest.postJson(endpoint.resolve("/v1/messages"), headers, JsonBody.bytes(MessagesBody.of(request)));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> headerId = Optional.ofNullable(response.header("request-id"));
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifierAt(() -> now).classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, AnthropicAdapter::errorOf), headerId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            return MessagesAnswer.read(root, headerId.or(() -> AnswerFields.optionalText(root, "id")));
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
        return Optional.of(new ProviderError(error.path("type").asText(""), error.path("message").asText("")));
    }
}
