package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.Locale;
import java.util.Set;

/** The body of {@code POST /v1/t2a_v2} without streaming, and what its audio is. */
final class SpeechBody {

    /** The voice when the request names none: the system voice of MiniMax's own examples. */
    static final String DEFAULT_VOICE = "male-qn-qingse";
    static final String FORMAT = "format";
    static final String SAMPLE_RATE = "sample_rate";
    /** The API's defaults. */
    static final int DEFAULT_SAMPLE_RATE = 32_000;
    static final int BITRATE = 128_000;
    static final int CHANNELS = 1;

    private static final Set<String> EXTRA_KEYS = Set.of(FORMAT, SAMPLE_RATE);

    /** The {@code audio_setting.format} values, with the MIME type of what each returns. */
    enum AudioFormat {
        MP3("audio/mpeg"), PCM("audio/L16"), FLAC("audio/flac"), WAV("audio/wav");

        private final String mediaType;

        AudioFormat(String mediaType) {
            this.mediaType = mediaType;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Headerless PCM names its rate and channels; the containers say them themselves. */
        String contentType(int sampleRate, int channels) {
            return this == PCM ? mediaType + ";rate=" + sampleRate + ";channels=" + channels : mediaType;
        }

        static AudioFormat parse(String value) {
            for (AudioFormat format : values()) {
                if (format.wire().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw Unsupported.because(MiniMaxAdapter.PROVIDER + ": options.extra[\"format\"] '" + value
                    + "' is not one of mp3, pcm, flac, wav");
        }
    }

    /**
     * What is sent, and what the answer is read against.
     *
     * @param text the text spoken, for counting characters when the answer reports none
     */
    record Synthesis(ObjectNode body, String text, AudioFormat format, int sampleRate) {

        String contentType() {
            return format.contentType(sampleRate, CHANNELS);
        }
    }

    private SpeechBody() {
    }

    static Synthesis of(RoutedRequest request) {
        String provider = MiniMaxAdapter.PROVIDER;
        String text = request.getRequest().getInput().getPrompt();
        if (text == null || text.isBlank()) {
            throw Unsupported.because(provider + ": a speech request needs input.prompt (the text to speak), it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        AudioFormat format = extra.text(FORMAT).map(AudioFormat::parse).orElse(AudioFormat.MP3);
        int sampleRate = extra.integer(SAMPLE_RATE, 8_000, 44_100).orElse(DEFAULT_SAMPLE_RATE);
        String voice = options.getVoice() == null || options.getVoice().isBlank() ? DEFAULT_VOICE : options.getVoice();

        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("text", text);
        body.put("stream", false);
        body.putObject("voice_setting").put("voice_id", voice);
        ObjectNode audio = body.putObject("audio_setting");
        audio.put("format", format.wire());
        audio.put("sample_rate", sampleRate);
        if (format == AudioFormat.MP3) {
            audio.put("bitrate", BITRATE);
        }
        audio.put("channel", CHANNELS);
        body.put("output_format", "hex");
        return new Synthesis(body, text, format, sampleRate);
    }
}
