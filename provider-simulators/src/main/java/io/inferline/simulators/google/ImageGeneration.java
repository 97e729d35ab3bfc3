package io.inferline.simulators.google;

import static io.inferline.simulators.google.GenerateContentValidation.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * generateContent of the image models ({@code gemini-*-image}): the answer carries the picture as an
 * {@code inlineData} part (a small PNG), after a short text part when text is among the response modalities.
 * Usage counts the image as 1,290 output tokens, as Google's pricing page does for a 1024px image.
 */
final class ImageGeneration {

    static final int IMAGE_TOKENS = 1290;
    private static final byte[] PNG = png();

    private ImageGeneration() {
    }

    static boolean imageModel(String model) {
        return model.toLowerCase(Locale.ROOT).contains("-image");
    }

    /** The response modalities asked for (TEXT when none are), checked against what the model can answer with. */
    static Set<String> modalities(JsonNode body, String model) {
        JsonNode config = field(body, "generationConfig");
        JsonNode asked = config == null ? null : field(config, "responseModalities");
        Set<String> modalities = new LinkedHashSet<>();
        if (asked != null) {
            asked.forEach(modality -> modalities.add(modality.asText()));
        }
        boolean image = imageModel(model);
        if (modalities.isEmpty()) {
            modalities.add("TEXT");
            if (image) {
                modalities.add("IMAGE");
            }
        }
        if (image && !modalities.contains("IMAGE") || !image && modalities.contains("IMAGE") || modalities.contains("AUDIO")) {
            throw new InvalidRequest(400, "The requested combination of response modalities (" + String.join(", ", modalities)
                    + ") is not supported by the model. models/" + model + " accepts the following combination of response "
                    + "modalities:\n* " + (image ? "IMAGE, TEXT\n* IMAGE" : "TEXT"));
        }
        return modalities;
    }

    static ObjectNode answer(JsonNode body, String model, Set<String> modalities) {
        int promptTokens = 0;
        String lastUser = "";
        for (JsonNode content : field(body, "contents")) {
            StringBuilder text = new StringBuilder();
            content.path("parts").forEach(part -> text.append(part.path("text").asText("")));
            promptTokens += Replies.tokens(text.toString());
            lastUser = text.toString();
        }
        ObjectNode answer = Json.object();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
        int textTokens = 0;
        if (modalities.contains("TEXT")) {
            String text = Replies.generate(model, lastUser, null, java.util.List.of(), false).text();
            parts.addObject().put("text", text);
            textTokens = Replies.tokens(text);
        }
        parts.addObject().putObject("inlineData").put("mimeType", "image/png").put("data", Base64.getEncoder().encodeToString(PNG));
        candidate.put("finishReason", "STOP").put("index", 0);
        ObjectNode usage = answer.putObject("usageMetadata")
                .put("promptTokenCount", promptTokens)
                .put("candidatesTokenCount", IMAGE_TOKENS + textTokens)
                .put("totalTokenCount", promptTokens + IMAGE_TOKENS + textTokens);
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
        ArrayNode details = usage.putArray("candidatesTokensDetails");
        details.addObject().put("modality", "IMAGE").put("tokenCount", IMAGE_TOKENS);
        if (textTokens > 0) {
            details.addObject().put("modality", "TEXT").put("tokenCount", textTokens);
        }
        answer.put("modelVersion", model);
        answer.put("responseId", Replies.id(""));
        return answer;
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, 0xE8B04B);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
