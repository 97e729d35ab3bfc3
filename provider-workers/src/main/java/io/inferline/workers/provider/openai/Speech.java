package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.media.MediaSniffer;
import io.inferline.workers.provider.media.WavHeader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code POST /v1/audio/speech}: JSON in, the audio file itself out. */
final class Speech {

    /** The voice when the request names none: the one OpenAI's own examples use. */
    static final String DEFAULT_VOICE = "alloy";
    static final String RESPONSE_FORMAT = "response_format";
    static final String SPEED = "speed";
    private static final Set<String> EXTRA_KEYS = Set.of(RESPONSE_FORMAT, SPEED);

    /** The {@code response_format} values of the reference, with the MIME type of what each returns. */
    enum Format {
        MP3("audio/mpeg"),
        OPUS("audio/ogg"),
        AAC("audio/aac"),
        FLAC("audio/flac"),
        WAV("audio/wav"),
        // raw 16-bit little-endian mono samples at 24 kHz, no header
        PCM("audio/L16;rate=24000;channels=1");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Unsupported.because(OpenAiAdapter.PROVIDER + ": options.extra[\"response_format\"] '" + value
                        + "' is not one of mp3, opus, aac, flac, wav, pcm");
            }
        }
    }

    /**
     * What is sent, and what the answer is read against.
     *
     * @param text the text spoken, whose characters are billed
     */
    record Synthesis(ObjectNode body, String text, Format format) {
    }

    private Speech() {
    }

    static Synthesis of(RoutedRequest request) {
        String provider = OpenAiAdapter.PROVIDER;
        String text = request.getRequest().getInput().getPrompt();
        if (text == null || text.isBlank()) {
            throw Unsupported.because(provider + ": a speech request needs input.prompt (the text to speak), it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        Format format = extra.text(RESPONSE_FORMAT).map(Format::parse).orElse(Format.MP3);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("input", text);
        body.put("voice", options.getVoice() == null || options.getVoice().isBlank() ? DEFAULT_VOICE : options.getVoice());
        body.put(RESPONSE_FORMAT, format.wire());
        extra.number(SPEED, 0.25, 4.0).ifPresent(speed -> body.put(SPEED, speed));
        return new Synthesis(body, text, format);
    }

    /** The answer is the audio file: checked to be the format asked for, since no field of a JSON body vouches for it. */
    static AdapterResult read(UpstreamResponse response, Synthesis synthesis, Optional<String> upstreamId) {
        byte[] audio = response.body();
        if (audio.length == 0) {
            throw new InvalidAnswerException("the body is empty");
        }
        String declared = response.header("Content-Type");
        String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || type.startsWith("text/")) {
            throw new InvalidAnswerException("the body is " + declared + ", not audio: " + UpstreamText.excerpt(audio));
        }
        check(audio, synthesis.format());
        Output output = Output.newBuilder()
                .setBinaries(List.of(InlineBinaries.inline(audio, synthesis.format().contentType)))
                .setFinishReason(FinishReason.STOP)
                .build();
        String text = synthesis.text();
        Usage usage = Usage.newBuilder().setUnits(text.codePointCount(0, text.length())).setUnitKind(UnitKind.CHARACTERS).build();
        return new AdapterResult.Success(output, usage, upstreamId);
    }

    private static void check(byte[] audio, Format format) {
        Optional<String> sniffed = MediaSniffer.contentType(audio);
        boolean fits = switch (format) {
            case MP3 -> sniffed.filter("audio/mpeg"::equals).isPresent();
            case OPUS -> sniffed.filter("audio/ogg"::equals).isPresent();
            case FLAC -> sniffed.filter("audio/flac"::equals).isPresent();
            case WAV -> sniffed.filter("audio/wav"::equals).isPresent();
            // an ADTS frame sync (12 set bits, layer 00) or an ADIF header
            case AAC -> audio.length > 1 && (audio[0] & 0xFF) == 0xFF && (audio[1] & 0xF6) == 0xF0
                    || audio.length > 3 && audio[0] == 'A' && audio[1] == 'D' && audio[2] == 'I' && audio[3] == 'F';
            case PCM -> audio.length % 2 == 0;
        };
        if (!fits) {
            throw new InvalidAnswerException("the body is not " + format.wire() + " audio"
                    + sniffed.map(found -> " (it looks like " + found + ")").orElse(""));
        }
        if (format == Format.WAV && WavHeader.read(audio).filter(WavHeader::truncated).isPresent()) {
            throw new InvalidAnswerException("the WAV audio is cut short: its header announces more data than arrived");
        }
    }
}
