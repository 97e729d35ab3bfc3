package io.inferline.simulators.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The media models, by the input and output schemas Cloudflare publishes for them: text-to-image
 * ({@code @cf/black-forest-labs/flux-1-schnell}: {@code {prompt, steps}} in, base64 JPEG {@code image} out),
 * speech recognition ({@code @cf/openai/whisper}: the audio bytes as the body, or {@code {audio: [bytes]}}, in;
 * {@code text, word_count, words, vtt} out) and text-to-speech ({@code @cf/myshell-ai/melotts}: {@code {prompt,
 * lang}} in, base64 MP3 {@code audio} out).
 */
final class MediaModels {

    /** What a model does, as far as the simulator tells them apart. */
    enum Task { TEXT_GENERATION, EMBEDDINGS, TEXT_TO_IMAGE, SPEECH_RECOGNITION, TEXT_TO_SPEECH }

    static final int MAX_PROMPT_CHARS = 2048;
    static final int MAX_STEPS = 8;
    private static final Set<String> IMAGE_FIELDS = Set.of("prompt", "steps");
    private static final byte[] JPEG = jpeg();
    private static final double BYTES_PER_SECOND = 16_000;

    private MediaModels() {
    }

    static Task task(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        if (id.contains("flux") || id.contains("stable-diffusion") || id.contains("dreamshaper")) {
            return Task.TEXT_TO_IMAGE;
        }
        if (id.contains("whisper")) {
            return Task.SPEECH_RECOGNITION;
        }
        if (id.contains("melotts") || id.contains("aura")) {
            return Task.TEXT_TO_SPEECH;
        }
        return io.inferline.simulators.Replies.isEmbeddingModel(model) ? Task.EMBEDDINGS : Task.TEXT_GENERATION;
    }

    static ObjectNode image(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!IMAGE_FIELDS.contains(name)) {
                throw bad("additional property '" + name + "' is not allowed");
            }
        }
        prompt(body);
        JsonNode steps = body.get("steps");
        if (steps != null && (!steps.canConvertToExactIntegral() || !steps.isNumber() || steps.asInt() < 1 || steps.asInt() > MAX_STEPS)) {
            throw bad("'steps' must be an integer from 1 to " + MAX_STEPS);
        }
        return Json.object().put("image", Base64.getEncoder().encodeToString(JPEG));
    }

    static ObjectNode speech(JsonNode body) {
        String prompt = Json.text(body, "prompt");
        if (prompt == null || prompt.isEmpty()) {
            throw bad("'prompt' is required and must be a non-empty string");
        }
        if (Json.has(body, "lang") && Json.text(body, "lang") == null) {
            throw bad("'lang' must be a string");
        }
        return Json.object().put("audio", Base64.getEncoder().encodeToString(mp3(Math.max(1, prompt.length() / 10))));
    }

    /** The audio is the body itself, unless the body is JSON ({@code {"audio": [0-255, ...]}}), as the schema allows both. */
    static ObjectNode transcription(String model, SimRequest request) {
        String type = request.header("Content-Type");
        byte[] audio;
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonNode body = Json.parse(request.body());
            JsonNode array = body == null ? null : body.get("audio");
            if (array == null || !array.isArray() || array.isEmpty()) {
                throw bad("'audio' is required: an array of 8-bit unsigned integers, or the audio itself as the body");
            }
            audio = new byte[array.size()];
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (!value.canConvertToExactIntegral() || value.asInt() < 0 || value.asInt() > 255) {
                    throw bad("'audio[" + i + "]' must be an integer from 0 to 255");
                }
                audio[i] = (byte) value.asInt();
            }
        } else {
            audio = request.body();
        }
        if (audio.length == 0) {
            throw bad("the audio is empty");
        }
        double seconds = seconds(audio);
        String text = "simulated " + model + " transcript of " + String.format(Locale.ROOT, "%.1f", seconds) + " seconds of audio";
        String[] each = text.split(" ");
        ObjectNode result = Json.object().put("text", text).put("word_count", each.length);
        ArrayNode words = result.putArray("words");
        double step = seconds / each.length;
        for (int i = 0; i < each.length; i++) {
            words.addObject().put("word", each[i]).put("start", round(i * step)).put("end", round((i + 1) * step));
        }
        result.put("vtt", "WEBVTT\n\n00:00.000 --> " + clock(seconds) + "\n" + text + "\n\n");
        return result;
    }

    private static void prompt(JsonNode body) {
        String prompt = Json.text(body, "prompt");
        if (prompt == null || prompt.isEmpty()) {
            throw bad("'prompt' is required and must be a non-empty string");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw bad("'prompt' must be at most " + MAX_PROMPT_CHARS + " characters");
        }
    }

    // a WAV header says how long the audio is; anything else is taken as 128 kbit/s
    private static double seconds(byte[] audio) {
        if (audio.length >= 44 && tag(audio, 0, "RIFF") && tag(audio, 8, "WAVE") && tag(audio, 12, "fmt ")) {
            ByteBuffer bytes = ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN);
            int byteRate = bytes.getInt(28);
            int data = tag(audio, 36, "data") ? bytes.getInt(40) : audio.length - 44;
            if (byteRate > 0) {
                return round(Math.min(data, audio.length - 44) / (double) byteRate);
            }
        }
        return round(Math.max(0.1, audio.length / BYTES_PER_SECOND));
    }

    private static String clock(double seconds) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d.%03d", millis / 60_000, millis / 1000 % 60, millis % 1000);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(tag);
    }

    // MPEG-1 layer III frames, 128 kbit/s, 44.1 kHz: 417 bytes each, header then zeros
    private static byte[] mp3(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[417];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB;
            frame[2] = (byte) 0x90;
            frame[3] = (byte) 0x64;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, 0x2F8F5B);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static InvalidRequest bad(String detail) {
        return new InvalidRequest(400, "AiError: Bad input: " + detail);
    }
}
