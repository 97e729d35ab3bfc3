package io.inferline.workers.provider.mistral;

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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Mistral AI's API.
 *
 * <ul>
 *   <li>Chat: {@code POST /v1/chat/completions}; embeddings: {@code POST /v1/embeddings} ({@code input} as a list).</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}. The upstream request id is
 *       the {@code mistral-correlation-id} header, else the body's {@code id}.</li>
 *   <li>The body has the OpenAI shape with Mistral's names ({@code max_tokens}, {@code random_seed}) and nothing the
 *       schema does not name: the API refuses unknown fields with 422. Tools are rebuilt as {@code {type, function:
 *       {name, description, parameters}}} because {@code parameters} is required there. Tool call ids that are not nine
 *       letters and digits are mapped to such ids (see {@link ToolCallIds}); tool results carry the tool's {@code name}.</li>
 *   <li>Errors: {@code {"object":"error","message","type","param","code"}} per the error glossary; the error code is
 *       {@code type} (e.g. {@code rate_limited}, {@code invalid_model}), else {@code code}: in recorded answers {@code code}
 *       is a bare number such as {@code 1300}. A 422 carries the validator's {@code detail} list, in {@code message} or at
 *       the top; 401 may come as {@code {"message":"Unauthorized","request_id"}} or {@code {"detail":"Unauthorized"}}.
 *       Only {@code Retry-After} announces a wait: the {@code x-ratelimit-remaining-*} headers come without a reset.</li>
 *   <li>Usage: {@code prompt_tokens}, {@code completion_tokens}; cached tokens from {@code prompt_tokens_details.cached_tokens}
 *       (or the reference's other spellings), taken as part of {@code prompt_tokens}.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: a negative seed is refused ({@code random_seed} has minimum 0); a
 * conversation that ends with an assistant turn is sent as is and refused upstream (the API requires a user or tool
 * turn last unless {@code prefix} is set, which would change the meaning); finish reason {@code model_length} is
 * {@code length}, {@code error} is {@code other}; thinking chunks are not part of the text.
 */
public final class MistralAdapter implements ProviderAdapter {

    static final String PROVIDER = "mistral";
    private static final URI BASE_URL = URI.create("https://api.mistral.ai");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    private static final BearerJsonApi API = new BearerJsonApi(PROVIDER, CLASSIFIER);

    public MistralAdapter() {
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
            case CHAT -> API.post(endpoint, "/v1/chat/completions", ChatBody.of(request));
            case EMBEDDING -> API.post(endpoint, "/v1/embeddings", Embeddings.body(request));
            default -> throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT, EMBEDDING");
        };
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> headerId = Optional.ofNullable(response.header("mistral-correlation-id"));
        return API.read(response, now, headerId, MistralAdapter::errorOf, root -> {
            Optional<String> upstreamId = headerId.or(() -> AnswerFields.optionalText(root, "id"));
            return request.getCapability() == Capability.EMBEDDING
                    ? Embeddings.read(root, request, upstreamId)
                    : ChatAnswer.read(root, request, upstreamId);
        });
    }

    private static Optional<ProviderError> errorOf(JsonNode root) {
        String code = root.path("type").isTextual() ? root.path("type").asText()
                : root.path("code").isTextual() ? root.path("code").asText() : "";
        JsonNode message = root.path("message");
        if (message.isTextual()) {
            return Optional.of(new ProviderError(code, message.asText()));
        }
        JsonNode detail = message.isObject() ? message.path("detail") : root.path("detail");
        if (detail.isTextual()) {
            return Optional.of(new ProviderError(code, detail.asText()));
        }
        if (detail.isArray() && !detail.isEmpty()) {
            return Optional.of(new ProviderError(code.isEmpty() ? "validation_error" : code, validation(detail)));
        }
        return Optional.empty();
    }

    // each entry as "messages.1.tool.content: Field required"; the refused input itself is left out
    private static String validation(JsonNode detail) {
        return StreamSupport.stream(detail.spliterator(), false)
                .map(entry -> {
                    String loc = StreamSupport.stream(entry.path("loc").spliterator(), false)
                            .map(JsonNode::asText)
                            .filter(part -> !part.equals("body"))
                            .collect(Collectors.joining("."));
                    return (loc.isEmpty() ? "" : loc + ": ") + entry.path("msg").asText("");
                })
                .collect(Collectors.joining("; "));
    }
}
