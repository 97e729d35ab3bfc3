package io.inferline.workers.provider.recraft;

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
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recraft's image API: synchronous generation, {@code POST /v1/images/generations}.
 *
 * <ul>
 *   <li>Headers: {@code Authorization: Bearer <token>}, {@code Content-Type: application/json}.</li>
 *   <li>Body: {@code prompt} (from {@code input.prompt}), {@code model} (the native id, {@code recraftv3}),
 *       {@code size} (from {@code options.size}, {@code WxH} or {@code w:h}, passed as given), {@code style}
 *       (from {@code options.extra["style"]}), {@code n} (from {@code options.extra["n"]}, 1 to 6, default 1) and
 *       {@code response_format}.</li>
 *   <li>Answer: {@code {created, data:[{url} | {b64_json}]}}. Usage is one {@code IMAGES} unit per image
 *       returned (not per image asked for).</li>
 *   <li>Images come as URLs unless {@code options.extra["response_format"]} is {@code b64_json}. The reference
 *       says the URLs are temporary, "about 24 hours": {@code expires_at} is the answer's time plus 24 hours.
 *       Base64 images go to {@code inline_data} with size and SHA-256.</li>
 *   <li>Errors: the reference says the body "varies", plain text or JSON: 401 is {@code text/plain} "request
 *       unauthorized", an unknown path 404 {@code text/plain} "404 page not found". Plain text bodies become the
 *       message with the code {@code http_<status>}; JSON bodies are read as {@code {code, message}} (also
 *       {@code {error:{code|type, message}}} and {@code {detail}}). Waits come from {@code Retry-After} only:
 *       no rate-limit headers are documented.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: the content type of a URL image is taken from the URL's extension,
 * else {@code image/svg+xml} for vector models ({@code *_vector}) and styles ({@code vector_illustration*},
 * {@code icon*}) and {@code image/webp} for raster ones; of a base64 image from its magic bytes, else the same
 * guess. No upstream request id is documented, so none is reported. Options the API has no field for
 * (temperature, seed, ...) are ignored, and {@code options.extra} keys other than the three above are refused.
 */
public final class RecraftAdapter implements ProviderAdapter {

    static final String PROVIDER = "recraft";
    private static final URI BASE_URL = URI.create("https://external.api.recraft.ai");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    public RecraftAdapter() {
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
        if (request.getCapability() != Capability.IMAGE) {
            throw Unsupported.capability(PROVIDER, request.getCapability(), "IMAGE");
        }
        return UpstreamRequest.postJson(endpoint.resolve("/v1/images/generations"),
                Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal()),
                JsonBody.bytes(GenerationBody.of(request).body()));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> noId = Optional.empty();
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        errorOf(response), noId);
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            return GenerationAnswer.read(root, GenerationBody.of(request), now, noId);
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), noId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", noId);
        }
    }

    // plain-text errors (401, 404) are short sentences: they are the message, not a body to quote
    private static ProviderError errorOf(UpstreamResponse response) {
        String type = response.header("Content-Type");
        String text = response.bodyText().strip();
        boolean plain = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain");
        if (plain && !text.isEmpty()) {
            return new ProviderError("http_" + response.status(), UpstreamText.message(text));
        }
        return ProviderError.read(response, PROVIDER, RecraftAdapter::jsonError);
    }

    private static Optional<ProviderError> jsonError(JsonNode root) {
        JsonNode holder = root.path("error").isObject() ? root.path("error") : root;
        JsonNode message = holder.path("message").isTextual() ? holder.path("message") : holder.path("detail");
        if (!message.isTextual()) {
            return Optional.empty();
        }
        JsonNode code = holder.path("code").isValueNode() ? holder.path("code") : holder.path("type");
        return Optional.of(new ProviderError(code.isValueNode() && !code.isNull() ? code.asText() : "", message.asText()));
    }
}
