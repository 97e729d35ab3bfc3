package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/audio/transcriptions}: a multipart form with the audio {@code file} and the {@code model}. The
 * audio's length is read from a WAV header, else taken as 128 kbit/s; the transcript says how long it was.
 */
final class Transcriptions {

    static final Set<String> EXTENSIONS = Set.of("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm");
    private static final Set<String> FORMATS = Set.of("json", "text", "srt", "verbose_json", "vtt");
    private static final double BYTES_PER_SECOND = 16_000;

    /** A valid request, read once: what the answer is made from. */
    record Transcription(String model, double seconds, String format, String language, boolean words) {

        String text() {
            return "simulated " + model + " transcript of " + String.format(Locale.ROOT, "%.1f", seconds) + " seconds of audio";
        }
    }

    private Transcriptions() {
    }

    static Transcription read(SimRequest request, OpenAiSimulator provider) {
        MultipartForm form = MultipartForm.parse(request.header("Content-Type"), request.body());
        String model = provider.servedModel(form.field("model"));
        if (ModelKind.of(model) != ModelKind.TRANSCRIPTION) {
            throw new InvalidRequest(400, "Invalid model " + model + ". The model argument should be left blank or be one "
                    + "of the transcription models, such as whisper-1.", "model");
        }
        MultipartForm.Part file = form.part("file");
        if (file == null || file.filename() == null) {
            throw new InvalidRequest(400, "Missing required parameter: 'file'.", "file");
        }
        String name = file.filename();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!EXTENSIONS.contains(extension)) {
            throw new InvalidRequest(400, "Invalid file format. Supported formats: " + new java.util.TreeSet<>(EXTENSIONS), "file");
        }
        if (file.bytes().length == 0) {
            throw new InvalidRequest(400, "Audio file might be corrupted or unsupported", "file");
        }
        String format = form.field("response_format") == null ? "json" : form.field("response_format").strip();
        if (!FORMATS.contains(format)) {
            throw new InvalidRequest(400, "Invalid value: '" + format + "'. Supported values are: " + new java.util.TreeSet<>(FORMATS),
                    "response_format");
        }
        String temperature = form.field("temperature");
        if (temperature != null) {
            double value;
            try {
                value = Double.parseDouble(temperature.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequest(400, "Invalid type for 'temperature': expected a decimal.", "temperature");
            }
            if (value < 0 || value > 1) {
                throw new InvalidRequest(400, "Invalid 'temperature': expected a value from 0 to 1.", "temperature");
            }
        }
        String language = form.field("language");
        if (language != null && !language.strip().matches("[a-z]{2,3}")) {
            throw new InvalidRequest(400, "Invalid language '" + language + "'. Language parameter must be specified in "
                    + "ISO-639-1 format.", "language");
        }
        String granularities = form.field("timestamp_granularities[]");
        boolean words = granularities != null && granularities.strip().equals("word");
        return new Transcription(model, seconds(file.bytes()), format, language == null ? "english" : language.strip(), words);
    }

    static SimResponse answer(Transcription transcription) {
        Map<String, String> headers = Map.of("x-request-id", Replies.id("req_"));
        String text = transcription.text();
        long billed = (long) Math.ceil(transcription.seconds());
        switch (transcription.format()) {
            case "text":
                return plain(headers, text + "\n");
            case "srt":
                return plain(headers, "1\n00:00:00,000 --> " + clock(transcription.seconds(), ',') + "\n" + text + "\n\n");
            case "vtt":
                return plain(headers, "WEBVTT\n\n00:00:00.000 --> " + clock(transcription.seconds(), '.') + "\n" + text + "\n\n");
            case "verbose_json":
                ObjectNode verbose = Json.object().put("task", "transcribe").put("language", transcription.language())
                        .put("duration", transcription.seconds()).put("text", text);
                ObjectNode segment = verbose.putArray("segments").addObject().put("id", 0).put("seek", 0).put("start", 0.0)
                        .put("end", transcription.seconds()).put("text", " " + text);
                segment.putArray("tokens");
                segment.put("temperature", 0.0).put("avg_logprob", -0.25).put("compression_ratio", 1.2).put("no_speech_prob", 0.01);
                if (transcription.words()) {
                    ArrayNode words = verbose.putArray("words");
                    String[] each = text.split(" ");
                    double step = transcription.seconds() / each.length;
                    for (int i = 0; i < each.length; i++) {
                        words.addObject().put("word", each[i]).put("start", round(i * step)).put("end", round((i + 1) * step));
                    }
                }
                verbose.putObject("usage").put("type", "duration").put("seconds", billed);
                return SimResponse.json(200, headers, Json.write(verbose));
            default:
                ObjectNode json = Json.object().put("text", text);
                json.putObject("usage").put("type", "duration").put("seconds", billed);
                return SimResponse.json(200, headers, Json.write(json));
        }
    }

    // a WAV header says exactly how long the audio is; any other file is taken as 128 kbit/s
    static double seconds(byte[] audio) {
        ByteBuffer bytes = ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN);
        if (audio.length >= 44 && tag(audio, 0, "RIFF") && tag(audio, 8, "WAVE") && tag(audio, 12, "fmt ")) {
            int byteRate = bytes.getInt(28);
            int data = tag(audio, 36, "data") ? bytes.getInt(40) : audio.length - 44;
            if (byteRate > 0) {
                return round(Math.min(data, audio.length - 44) / (double) byteRate);
            }
        }
        return round(Math.max(0.1, audio.length / BYTES_PER_SECOND));
    }

    private static SimResponse plain(Map<String, String> headers, String text) {
        Map<String, String> typed = new java.util.HashMap<>(headers);
        typed.put("Content-Type", "text/plain; charset=utf-8");
        return new SimResponse(200, typed, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String clock(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                separator, millis % 1000);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(tag);
    }
}
