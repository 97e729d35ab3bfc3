package io.inferline.workers.provider.google;

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
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.retry.RetryAfter;
import io.inferline.workers.retry.RetryClassifier;
import io.inferline.workers.retry.UpstreamFailure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Google's Gemini API (Generative Language API, {@code v1beta}).
 *
 * <ul>
 *   <li>Chat: {@code POST /v1beta/models/{model}:generateContent}; embeddings: {@code POST
 *       /v1beta/models/{model}:batchEmbedContents}. A model id given as {@code models/...} is used without the prefix.</li>
 *   <li>Headers: {@code x-goog-api-key: <key>}, {@code Content-Type: application/json}. The upstream request id
 *       is the body's {@code responseId} (Gemini sends no request-id header).</li>
 *   <li>Assistant turns are {@code model} turns, system messages go to {@code systemInstruction}, tool results
 *       are {@code functionResponse} parts of a user turn and consecutive turns of one role are merged.</li>
 *   <li>Errors: {@code {"error":{"code","message","status"}}} (also when wrapped in a one-element array); the
 *       error code is {@code status}, e.g. {@code RESOURCE_EXHAUSTED}. Waits come from {@code Retry-After}, else
 *       a {@code google.rpc.RetryInfo} {@code retryDelay} in {@code error.details}.</li>
 *   <li>Usage: input {@code promptTokenCount}, cached {@code cachedContentTokenCount}, output
 *       {@code candidatesTokenCount + thoughtsTokenCount}; embeddings report none, so input is estimated.</li>
 * </ul>
 *
 * <p>Images ({@code gemini-2.5-flash-image}): {@code generateContent} with the prompt as one user text part and
 * {@code generationConfig.responseModalities: ["IMAGE"]} (images only, so no text is generated and billed beside
 * them); {@code options.size} becomes {@code imageConfig.aspectRatio}, given as a ratio the models take ({@code 16:9})
 * or as the pixel size they render it at ({@code 1344x768}); temperature and seed pass through. Every
 * {@code inlineData} part ({@code mimeType}, base64 {@code data}) with an image becomes an inline binary, typed by its
 * bytes, else by {@code mimeType}; any text parts become the text. Usage: one {@code IMAGES} unit per image returned
 * (the catalog prices per image), with the token counts as reported beside them. A blocked prompt or a filtered
 * image ({@code IMAGE_SAFETY}, {@code PROHIBITED_CONTENT}, ...) is a success with finish reason {@code content_filter}
 * and no image; any other answer without an image is an invalid response (retried), since an image-only request
 * promises one. {@code options.extra} takes no keys for images.
 *
 * <p>Choices where the reference is silent: tools are sent as one {@code {functionDeclarations:[...]}} entry with
 * the OpenAI {@code parameters} schema as given; function calls carry no id, so a call without one gets
 * {@code call_<n>} by its order, and a tool result is matched to its function by the earlier call's id; a
 * non-object tool result is sent as {@code {"output": ...}}; a prompt blocked by {@code promptFeedback} is a
 * success with finish reason {@code content_filter}.
 */
public final class GeminiAdapter implements ProviderAdapter {

    static final String PROVIDER = "google";
    private static final URI BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    public GeminiAdapter() {
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
        String model = modelId(request);
        JsonNode body;
        String method;
        if (request.getCapability() == Capability.CHAT) {
            body = GenerateContentBody.of(request);
            method = "generateContent";
        } else if (request.getCapability() == Capability.EMBEDDING) {
            body = BatchEmbeddings.body(request, model);
            method = "batchEmbedContents";
        } else if (request.getCapability() == Capability.IMAGE) {
            body = ImageGeneration.body(request);
            method = "generateContent";
        } else {
            throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT, EMBEDDING, IMAGE");
        }
        return UpstreamRequest.postJson(endpoint.resolve("/v1beta/models/" + model + ":" + method),
                Map.of("x-goog-api-key", endpoint.apiKey().reveal()), JsonBody.bytes(body));
    }

    private static String modelId(RoutedRequest request) {
        String model = request.getModel();
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        try {
            if (!response.successful()) {
                UpstreamFailure failure = withRetryInfo(classifier().classify(response.status(), response::header, now), response);
                return FailureResults.upstreamError(failure, ProviderError.read(response, PROVIDER, GeminiAdapter::errorOf), Optional.empty());
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            if (request.getCapability() == Capability.EMBEDDING) {
                return BatchEmbeddings.read(root, request);
            }
            if (request.getCapability() == Capability.IMAGE) {
                return ImageGeneration.read(root, AnswerFields.optionalText(root, "responseId"));
            }
            return GenerateContentAnswer.read(root, request, AnswerFields.optionalText(root, "responseId"));
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), Optional.empty());
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", Optional.empty());
        }
    }

    private static Optional<ProviderError> errorOf(JsonNode root) {
        JsonNode error = errorNode(root);
        if (!error.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderError(error.path("status").asText(""), error.path("message").asText("")));
    }

    // Google sometimes wraps the error object in a one-element array
    private static JsonNode errorNode(JsonNode root) {
        JsonNode top = root.isArray() && !root.isEmpty() ? root.get(0) : root;
        return top.path("error");
    }

    // a retryable failure without a Retry-After header may still say how long to wait in its body
    private static UpstreamFailure withRetryInfo(UpstreamFailure failure, UpstreamResponse response) {
        if (!failure.retryable() || failure.retryAfter().isPresent()) {
            return failure;
        }
        Optional<Duration> delay = JsonBody.tryParse(response.bodyText()).flatMap(root -> {
            for (JsonNode detail : errorNode(root).path("details")) {
                if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                    return RetryAfter.goDuration(detail.path("retryDelay").asText(""));
                }
            }
            return Optional.empty();
        });
        return delay.map(wait -> new UpstreamFailure(failure.kind(), failure.status(), Optional.of(wait), failure.reason()))
                .orElse(failure);
    }
}
