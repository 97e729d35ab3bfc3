package io.inferline.workers.provider.recraft;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Output;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code {created, data:[{url} | {b64_json}]}} into binaries, one image one unit. */
final class GenerationAnswer {

    /** How long image URLs work: the reference says "about 24 hours". */
    static final Duration URL_LIFETIME = Duration.ofHours(24);

    private GenerationAnswer() {
    }

    static AdapterResult read(JsonNode root, GenerationBody.Generation generation, Instant now, Optional<String> upstreamId) {
        JsonNode data = AnswerFields.nonEmptyArray(root, "data", "data");
        String expected = expectedType(generation.model(), generation.style());
        List<BinaryRef> images = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode image = data.get(i);
            String path = "data[" + i + "]";
            images.add(generation.delivery() == GenerationBody.Delivery.URL
                    ? url(AnswerFields.text(image, "url", path + ".url"), expected, now)
                    : inline(AnswerFields.text(image, "b64_json", path + ".b64_json"), expected, path));
        }
        Output output = Output.newBuilder().setBinaries(images).setFinishReason(FinishReason.STOP).build();
        Usage usage = Usage.newBuilder().setUnits(images.size()).setUnitKind(UnitKind.IMAGES).build();
        return new AdapterResult.Success(output, usage, upstreamId);
    }

    private static BinaryRef url(String url, String expected, Instant now) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's image url is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
            throw new InvalidAnswerException("the answer's image url is not an http(s) URL");
        }
        return InlineBinaries.url(url, typeFromPath(uri.getPath()).orElse(expected), now.plus(URL_LIFETIME));
    }

    private static BinaryRef inline(String base64, String expected, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + ".b64_json is not base64");
        }
        if (bytes.length == 0) {
            throw new InvalidAnswerException("the answer's " + path + ".b64_json is empty");
        }
        return InlineBinaries.inline(bytes, MediaSniffer.contentType(bytes).orElse(expected));
    }

    // vector models and styles come back as SVG, raster ones as WebP
    static String expectedType(String model, String style) {
        if (model != null && model.toLowerCase(Locale.ROOT).endsWith("_vector")) {
            return "image/svg+xml";
        }
        if (style != null) {
            String family = style.toLowerCase(Locale.ROOT);
            if (family.startsWith("vector_illustration") || family.startsWith("icon")) {
                return "image/svg+xml";
            }
        }
        return "image/webp";
    }

    private static Optional<String> typeFromPath(String path) {
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".webp")) {
            return Optional.of("image/webp");
        }
        if (lower.endsWith(".png")) {
            return Optional.of("image/png");
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return Optional.of("image/jpeg");
        }
        if (lower.endsWith(".svg")) {
            return Optional.of("image/svg+xml");
        }
        return Optional.empty();
    }
}
