package io.inferline.simulators.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code POST /v1/t2a_v2} without streaming: {@code text} (under 10,000 characters), {@code voice_setting.voice_id},
 * {@code audio_setting} (format mp3, pcm, flac or wav; sample rate; bitrate; channels), answered with the audio
 * hex-encoded in {@code data.audio} and {@code extra_info} (length in milliseconds, size, {@code usage_characters}:
 * every character of the text). The audio is a small payload in the format asked for, not speech.
 */
final class MiniMaxSpeech {

    static final int MAX_TEXT_CHARS = 10_000;
    private static final Set<String> FORMATS = Set.of("mp3", "pcm", "flac", "wav");
    private static final Set<Integer> SAMPLE_RATES = Set.of(8000, 16000, 22050, 24000, 32000, 44100);
    private static final Set<Integer> BITRATES = Set.of(32000, 64000, 128000, 256000);
    private static final int MS_PER_CHARACTER = 60;

    /** A valid call, read. */
    record Speech(String text, int characters, String format, int sampleRate, int bitrate, int channels) {
    }

    private MiniMaxSpeech() {
    }

    static Speech check(JsonNode body) {
        String text = Json.text(body, "text");
        if (text == null || text.isBlank()) {
            throw Refusal.invalid("text is required");
        }
        int characters = text.codePointCount(0, text.length());
        if (characters >= MAX_TEXT_CHARS) {
            throw Refusal.invalid("text must be shorter than " + MAX_TEXT_CHARS + " characters, got " + characters);
        }
        JsonNode voice = body.get("voice_setting");
        if (voice == null || !voice.isObject() || Json.text(voice, "voice_id") == null || Json.text(voice, "voice_id").isBlank()) {
            throw Refusal.invalid("voice_setting.voice_id is required");
        }
        if (body.path("stream").asBoolean(false)) {
            throw Refusal.invalid("the simulator does not stream: stream must be false or absent");
        }
        String output = Json.has(body, "output_format") ? Json.text(body, "output_format") : "hex";
        if (!"hex".equals(output)) {
            throw Refusal.invalid("output_format must be hex (url is not simulated)");
        }
        JsonNode audio = body.path("audio_setting");
        if (!audio.isMissingNode() && !audio.isNull() && !audio.isObject()) {
            throw Refusal.invalid("audio_setting must be an object");
        }
        String format = Json.has(audio, "format") ? Json.text(audio, "format") : "mp3";
        if (format == null || !FORMATS.contains(format)) {
            throw Refusal.invalid("audio_setting.format must be one of " + FORMATS);
        }
        int sampleRate = choice(audio, "sample_rate", SAMPLE_RATES, 32000);
        int bitrate = choice(audio, "bitrate", BITRATES, 128000);
        int channels = choice(audio, "channel", Set.of(1, 2), 1);
        return new Speech(text, characters, format, sampleRate, bitrate, channels);
    }

    static ObjectNode answer(Speech speech, String model) {
        int lengthMs = Math.max(1, speech.characters() * MS_PER_CHARACTER);
        byte[] audio = audio(speech, lengthMs);
        ObjectNode answer = Json.object();
        answer.putObject("data").put("audio", HexFormat.of().formatHex(audio)).put("status", 2);
        ObjectNode extra = answer.putObject("extra_info");
        extra.put("audio_length", lengthMs);
        extra.put("audio_sample_rate", speech.sampleRate());
        extra.put("audio_size", audio.length);
        extra.put("bitrate", speech.bitrate());
        extra.put("word_count", speech.text().strip().split("\\s+").length);
        extra.put("invisible_character_ratio", 0);
        extra.put("usage_characters", speech.characters());
        extra.put("audio_format", speech.format());
        extra.put("audio_channel", speech.channels());
        answer.put("trace_id", Replies.id("trace-"));
        return MiniMaxSimulator.baseResp(answer, 0, "success");
    }

    private static int choice(JsonNode audio, String field, Set<Integer> allowed, int fallback) {
        if (!Json.has(audio, field)) {
            return fallback;
        }
        JsonNode value = audio.get(field);
        if (!value.canConvertToExactIntegral() || !allowed.contains(value.asInt())) {
            throw Refusal.invalid("audio_setting." + field + " must be one of " + allowed);
        }
        return value.asInt();
    }

    // a header (or frame sync) in the format asked for, then silence: a few bytes per character, not speech
    private static byte[] audio(Speech speech, int lengthMs) {
        int samples = Math.max(1, speech.sampleRate() / 1000 * Math.min(lengthMs, 200)) * speech.channels();
        return switch (speech.format()) {
            case "mp3" -> mp3(Math.max(1, speech.characters() / 10));
            case "wav" -> wav(speech.sampleRate(), speech.channels(), samples);
            case "flac" -> tagged("fLaC", 64);
            default -> new byte[samples * 2]; // pcm: 16-bit samples
        };
    }

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

    private static byte[] wav(int sampleRate, int channels, int samples) {
        int data = samples * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }

    private static byte[] tagged(String magic, int length) {
        byte[] bytes = new byte[length];
        byte[] tag = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, bytes, 0, tag.length);
        return bytes;
    }
}
