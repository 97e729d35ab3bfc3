package io.inferline.workers.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.BearerJsonApi;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Cohere's API v2.
 *
 * <ul>
 *   <li>Chat: {@code POST /v2/chat}; embeddings: {@code POST /v2/embed} with {@code texts} (at most 96),
 *       {@code input_type} and {@code embedding_types: ["float"]}, read from {@code embeddings.float}.</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}. The upstream request id is
 *       the body's {@code id}; an error body has none, so an error keeps the {@code x-debug-trace-id} header when sent.</li>
 *   <li>Messages keep their roles ({@code system}, {@code user}, {@code assistant}, {@code tool}); earlier tool calls go
 *       in the assistant's {@code tool_calls} ({@code {id, type:"function", function:{name, arguments}}}), results as
 *       {@code tool} messages with {@code tool_call_id}. Tools are {@code {type:"function", function:{name, description,
 *       parameters}}}; {@code top_p} is sent as {@code p}, stop sequences as {@code stop_sequences} (at most 5).</li>
 *   <li>Errors: {@code {"message": string}} and nothing else, so the error code is the name of the HTTP status in
 *       Cohere's errors reference (e.g. {@code too_many_requests}, {@code invalid_token} for 498). Only
 *       {@code Retry-After} announces a wait; Cohere documents no rate-limit reset headers.</li>
 *   <li>Usage: {@code usage.billed_units} (see {@link ChatAnswer#usage}); embeddings: {@code meta.billed_units.input_tokens}.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent or restrictive: {@code p} outside the API's [0.01, 0.99] is clamped
 * (1.0, no cut, becomes 0.99); JSON output together with tools is refused (the reference says the two cannot be
 * combined); {@code input_type} is {@code options.extra["cohere.input_type"]} (a bare word or a JSON string), else
 * {@code search_document}; finish reasons {@code COMPLETE} and {@code STOP_SEQUENCE} are {@code stop}, {@code ERROR}
 * and {@code TIMEOUT} are {@code other}; the {@code tool_plan} of a tool-calling answer is not part of the text.
 */
public final class CohereAdapter implements ProviderAdapter {

    static final String PROVIDER = "cohere";
    private static final URI BASE_URL = URI.create("https://api.cohere.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    private static final BearerJsonApi API = new BearerJsonApi(PROVIDER, CLASSIFIER);
    private static final Map<Integer, String> STATUS_NAMES = Map.ofEntries(
            Map.entry(400, "bad_request"), Map.entry(401, "unauthorized"), Map.entry(402, "payment_required"),
            Map.entry(404, "not_found"), Map.entry(422, "unprocessable_entity"), Map.entry(429, "too_many_requests"),
            Map.entry(498, "invalid_token"), Map.entry(499, "client_closed_request"), Map.entry(500, "internal_server_error"),
            Map.entry(501, "not_implemented"), Map.entry(503, "service_unavailable"), Map.entry(504, "gateway_timeout"));

    public CohereAdapter() {
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
        return switch (request.getCapability()) {
            case CHAT -> API.post(endpoint, "/v2/chat", ChatBody.of(request));
            case EMBEDDING -> API.post(endpoint, "/v2/embed", Embed.body(request));
            default -> throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT, EMBEDDING");
        };
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> traceId = Optional.ofNullable(response.header("x-debug-trace-id"));
        int status = response.status();
        return API.read(response, now, traceId, root -> errorOf(root, status), root -> {
            Optional<String> upstreamId = AnswerFields.optionalText(root, "id").or(() -> traceId);
            return request.getCapability() == Capability.EMBEDDING
                    ? Embed.read(root, request, upstreamId)
                    : ChatAnswer.read(root, request, upstreamId);
        });
    }

    private static Optional<ProviderError> errorOf(JsonNode root, int status) {
        JsonNode message = root.path("message");
        if (!message.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderError(STATUS_NAMES.getOrDefault(status, ""), message.asText()));
    }
}
