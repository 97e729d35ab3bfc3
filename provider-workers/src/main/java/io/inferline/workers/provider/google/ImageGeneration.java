package io.inferline.workers.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Image output of {@code :generateContent} (the {@code gemini-*-image} models): body in, {@code inlineData} parts out. */
final class ImageGeneration {

    /** The aspect ratios the image models take, by the pixel size each one renders at for gemini-2.5-flash-image. */
    static final Map<String, String> RATIO_OF_SIZE = Map.ofEntries(
            Map.entry("1024x1024", "1:1"), Map.entry("832x1248", "2:3"), Map.entry("1248x832", "3:2"),
            Map.entry("864x1184", "3:4"), Map.entry("1184x864", "4:3"), Map.entry("896x1152", "4:5"),
            Map.entry("1152x896", "5:4"), Map.entry("768x1344", "9:16"), Map.entry("1344x768", "16:9"),
            Map.entry("1536x672", "21:9"));
    private static final Set<String> RATIOS = Set.copyOf(RATIO_OF_SIZE.values());
    private static final Set<String> FILTERED = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII",
            "RECITATION", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private ImageGeneration() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = GeminiAdapter.PROVIDER;
        String prompt = request.getRequest().getInput().getPrompt();
        if (prompt == null || prompt.isBlank()) {
            throw Unsupported.because(provider + ": an image request needs input.prompt, it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions.of(options, provider, Set.of());
        ObjectNode body = JsonBody.object();
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", prompt);
        ObjectNode config = body.putObject("generationConfig");
        // images only: text beside them would be billed as output and is not asked for
        config.putArray("responseModalities").add("IMAGE");
        aspectRatio(options.getSize()).ifPresent(ratio -> config.putObject("imageConfig").put("aspectRatio", ratio));
        if (options.getTemperature() != null) {
            config.put("temperature", options.getTemperature());
        }
        if (options.getSeed() != null) {
            config.put("seed", options.getSeed());
        }
        return body;
    }

    // options.size is a ratio the API knows (16:9) or the pixel size it renders one at (1344x768)
    private static Optional<String> aspectRatio(String size) {
        if (size == null || size.isBlank()) {
            return Optional.empty();
        }
        String given = size.strip().toLowerCase(Locale.ROOT);
        if (RATIOS.contains(given)) {
            return Optional.of(given);
        }
        if (RATIO_OF_SIZE.containsKey(given)) {
            return Optional.of(RATIO_OF_SIZE.get(given));
        }
        throw Unsupported.because(GeminiAdapter.PROVIDER + ": options.size '" + size + "' is neither an aspect ratio the image "
                + "models take " + new TreeSet<>(RATIOS) + " nor a size they render " + new TreeSet<>(RATIO_OF_SIZE.keySet()));
    }

    static AdapterResult read(JsonNode root, Optional<String> upstreamId) {
        JsonNode usage = AnswerFields.object(root, "usageMetadata", "usageMetadata");
        long input = AnswerFields.count(usage, "promptTokenCount", "usageMetadata.promptTokenCount");
        long output = AnswerFields.optionalCount(usage, "candidatesTokenCount", "usageMetadata.candidatesTokenCount").orElse(0)
                + AnswerFields.optionalCount(usage, "thoughtsTokenCount", "usageMetadata.thoughtsTokenCount").orElse(0);
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (root.path("promptFeedback").path("blockReason").isTextual()) {
                return filtered(input, output, null, upstreamId);
            }
            throw new InvalidAnswerException("the answer has no candidates[0] (an object)");
        }
        JsonNode candidate = candidates.get(0);
        JsonNode parts = candidate.path("content").path("parts");
        List<BinaryRef> images = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            JsonNode data = part.has("inlineData") ? part.path("inlineData") : part.path("inline_data");
            String path = "candidates[0].content.parts[" + i + "].inlineData";
            if (data.isObject()) {
                String declared = AnswerFields.optionalText(data, "mimeType").or(() -> AnswerFields.optionalText(data, "mime_type"))
                        .orElse("");
                byte[] bytes = decode(AnswerFields.text(data, "data", path + ".data"), path + ".data");
                String type = MediaSniffer.contentType(bytes).orElse(declared);
                if (type.startsWith("image/")) {
                    images.add(InlineBinaries.inline(bytes, type));
                }
            } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText());
            }
        }
        String answer = text.length() == 0 ? null : text.toString();
        String reason = candidate.path("finishReason").asText("");
        if (images.isEmpty()) {
            if (FILTERED.contains(reason)) {
                return filtered(input, output, answer, upstreamId);
            }
            // asked for images only, an answer without one is not what the protocol promises: it is retried
            throw new InvalidAnswerException("the answer has no image (candidates[0].content.parts[].inlineData), finish reason '"
                    + reason + "'");
        }
        Output out = Output.newBuilder()
                .setText(answer)
                .setBinaries(images)
                .setFinishReason("MAX_TOKENS".equals(reason) ? FinishReason.LENGTH : FinishReason.STOP)
                .build();
        return new AdapterResult.Success(out, usage(input, output, images.size()), upstreamId);
    }

    // a blocked prompt or a filtered image is an answer, not a fault: asking again gets the same, and nothing is billed per image
    private static AdapterResult filtered(long input, long output, String text, Optional<String> upstreamId) {
        Output blocked = Output.newBuilder().setText(text).setFinishReason(FinishReason.CONTENT_FILTER).build();
        return new AdapterResult.Success(blocked, usage(input, output, 0), upstreamId);
    }

    private static Usage usage(long input, long output, int images) {
        // tokens as reported; the catalog prices these models per image, so the IMAGES units are what costs
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setUnits(images).setUnitKind(UnitKind.IMAGES).build();
    }

    private static byte[] decode(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + " is not base64");
        }
        if (bytes.length == 0) {
            throw new InvalidAnswerException("the answer's " + path + " is empty");
        }
        return bytes;
    }
}
