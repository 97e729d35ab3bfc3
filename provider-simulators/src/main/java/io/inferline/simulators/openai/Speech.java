package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** {@code POST /v1/audio/speech}: JSON in, the audio file itself out (not JSON), typed by its format. */
final class Speech {

    static final int MAX_INPUT_CHARS = 4096;
    private static final Set<String> FIELDS = Set.of("model", "input", "instructions", "voice", "response_format", "speed",
            "stream_format");
    private static final Set<String> VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
            "shimmer", "verse", "marin", "cedar");
    private static final Set<String> FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");

    private Speech() {
    }

    static String model(JsonNode body, OpenAiSimulator provider) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequest(400, "Unrecognized request argument supplied: " + name, name);
            }
        }
        String model = provider.servedModel(Json.text(body, "model"));
        if (ModelKind.of(model) != ModelKind.SPEECH) {
            throw new InvalidRequest(400, "Invalid value: '" + model + "'. Value must be a text-to-speech model.", "model");
        }
        String input = Params.requiredText(body, "input", "input");
        int characters = input.codePointCount(0, input.length());
        if (characters == 0) {
            throw new InvalidRequest(400, "Invalid 'input': empty string. Expected a string with minimum length 1.", "input");
        }
        if (characters > MAX_INPUT_CHARS) {
            throw new InvalidRequest(400, "Invalid 'input': string too long. Expected a string with maximum length "
                    + MAX_INPUT_CHARS + ", but got a string with length " + characters + " instead.", "input");
        }
        JsonNode voice = body.get("voice");
        boolean custom = voice != null && voice.isObject() && Json.text(voice, "id") != null;
        if (voice == null || voice.isNull()) {
            throw new InvalidRequest(400, "Missing required parameter: 'voice'.", "voice");
        }
        if (!custom && !(voice.isTextual() && VOICES.contains(voice.asText()))) {
            throw new InvalidRequest(400, "Invalid value: '" + voice.asText() + "'. Supported values are: "
                    + String.join(", ", new java.util.TreeSet<>(VOICES)) + ".", "voice");
        }
        String format = Json.text(body, "response_format");
        if (Json.has(body, "response_format") && (format == null || !FORMATS.contains(format))) {
            throw new InvalidRequest(400, "Invalid value: '" + body.get("response_format").asText()
                    + "'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.", "response_format");
        }
        JsonNode speed = body.get("speed");
        if (speed != null && !speed.isNull() && (!speed.isNumber() || speed.asDouble() < 0.25 || speed.asDouble() > 4.0)) {
            throw new InvalidRequest(400, "Invalid 'speed': expected a number from 0.25 to 4.0.", "speed");
        }
        boolean classic = model.startsWith("tts-1");
        if (classic && Json.has(body, "instructions")) {
            throw new InvalidRequest(400, "Instructions are not supported for " + model + ".", "instructions");
        }
        if ("sse".equals(Json.text(body, "stream_format"))) {
            throw new InvalidRequest(400, "The simulator does not stream: 'stream_format' must be audio or absent.", "stream_format");
        }
        return model;
    }

    /** The audio file, with the content type of its format and a request id. */
    static SimResponse answer(JsonNode body) {
        String input = body.get("input").asText();
        String format = Json.has(body, "response_format") ? body.get("response_format").asText() : "mp3";
        byte[] audio = SimulatedMedia.speech(format, input.codePointCount(0, input.length()));
        return new SimResponse(200, Map.of("Content-Type", SimulatedMedia.audioType(format), "x-request-id", Replies.id("req_")),
                audio);
    }
}
