package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code POST /api/v3/images/generations} (Seedream): the body, and {@code {model, created, data:[...], usage}} read back. */
final class SeedreamImages {

    static final String RESPONSE_FORMAT = "response_format";
    static final String WATERMARK = "watermark";
    private static final Set<String> EXTRA_KEYS = Set.of(RESPONSE_FORMAT, WATERMARK);
    private static final Set<String> FORMATS = Set.of("url", "b64_json");

    private SeedreamImages() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = ArkAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": an image request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("prompt", prompt);
        if (options.getSize() != null && !options.getSize().isBlank()) {
            body.put("size", options.getSize().strip());
        }
        String format = format(request);
        body.put("response_format", format);
        ExtraFlags.read(options, WATERMARK).ifPresent(value -> body.put("watermark", value));
        // one image per request: inferline reserves one unless options.extra["n"] says more, which Seedream cannot take
        body.put("sequential_image_generation", "disabled");
        return body;
    }

    static String format(RoutedRequest request) {
        String format = ExtraOptions.of(request.getRequest().getOptions(), ArkAdapter.PROVIDER, EXTRA_KEYS).text(RESPONSE_FORMAT).orElse("url");
        if (!FORMATS.contains(format)) {
            throw Unsupported.because(ArkAdapter.PROVIDER + ": options.extra[\"response_format\"] must be url or b64_json, not '" + format + "'");
        }
        return format;
    }

    /** Each entry is an image ({@code url} or {@code b64_json}) or, for one that failed, an {@code error}. */
    static AdapterResult read(JsonNode root, RoutedRequest request, int status, Instant now, Optional<String> upstreamId) {
        JsonNode data = AnswerFields.nonEmptyArray(root, "data", "data");
        boolean inline = format(request).equals("b64_json");
        List<BinaryRef> images = new ArrayList<>();
        ProviderError firstFailure = null;
        for (int i = 0; i < data.size(); i++) {
            JsonNode entry = data.get(i);
            String path = "data[" + i + "]";
            Optional<ProviderError> failed = ArkErrors.envelope(entry);
            if (failed.isPresent()) {
                firstFailure = firstFailure != null ? firstFailure : failed.get();
            } else if (inline) {
                images.add(inline(AnswerFields.text(entry, "b64_json", path + ".b64_json"), path));
            } else {
                images.add(SignedUrls.read(AnswerFields.text(entry, "url", path + ".url"), path + ".url", "image/jpeg", now));
            }
        }
        if (images.isEmpty()) {
            // an HTTP 200 whose every image was refused (output moderation): nothing to show, and the same prompt fails again
            ProviderError error = new ProviderError(firstFailure.code(), UpstreamText.message(firstFailure.message()));
            UpstreamFailure failure = new UpstreamFailure(FailureKind.FATAL, Optional.of(status), Optional.empty(),
                    "every image of the answer failed");
            return new AdapterResult.Failure(failure, AttemptOutcome.FATAL_ERROR, error.code(), error.message(), upstreamId);
        }
        JsonNode usage = root.path("usage");
        long count = AnswerFields.optionalCount(usage, "generated_images", "usage.generated_images").orElse(images.size());
        long tokens = AnswerFields.optionalCount(usage, "output_tokens", "usage.output_tokens").orElse(0);
        Output output = Output.newBuilder().setBinaries(images).setFinishReason(FinishReason.STOP).build();
        Usage units = Usage.newBuilder().setOutputTokens(tokens).setUnits(count).setUnitKind(UnitKind.IMAGES).build();
        return new AdapterResult.Success(output, units, upstreamId);
    }

    private static BinaryRef inline(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + ".b64_json is not base64");
        }
        if (bytes.length == 0) {
            throw new InvalidAnswerException("the answer's " + path + ".b64_json is empty");
        }
        return InlineBinaries.inline(bytes, MediaSniffer.contentType(bytes).orElse("image/jpeg"));
    }
}
