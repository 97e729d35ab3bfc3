package io.inferline.workers.provider.inworld;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.Set;

/** The body of {@code POST /tts/v1/voice}. */
final class VoiceBody {

    /** The voice when the request names none: the one Inworld's own quickstart and SDK examples use. */
    static final String DEFAULT_VOICE = "Ashley";
    static final String AUDIO_ENCODING = "audio_encoding";
    static final String SAMPLE_RATE_HERTZ = "sample_rate_hertz";

    private static final Set<String> EXTRA_KEYS = Set.of(AUDIO_ENCODING, SAMPLE_RATE_HERTZ);

    /**
     * What is sent, and what the answer is read against.
     *
     * @param text the text spoken, for estimating characters when the answer reports none
     */
    record Synthesis(ObjectNode body, String text, AudioEncoding encoding, int sampleRateHertz) {

        String contentType() {
            return encoding.contentType(sampleRateHertz);
        }
    }

    private VoiceBody() {
    }

    static Synthesis of(RoutedRequest request) {
        String provider = InworldAdapter.PROVIDER;
        String text = request.getRequest().getInput().getPrompt();
        if (text == null || text.isBlank()) {
            throw Unsupported.because(provider + ": a speech request needs input.prompt (the text to speak), it has none");
        }
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, EXTRA_KEYS);
        AudioEncoding encoding = extra.text(AUDIO_ENCODING).map(AudioEncoding::parse).orElse(AudioEncoding.MP3);
        var sampleRate = extra.integer(SAMPLE_RATE_HERTZ, 8_000, 48_000);
        String voice = options.getVoice() == null || options.getVoice().isBlank() ? DEFAULT_VOICE : options.getVoice();

        ObjectNode body = JsonBody.object();
        body.put("text", text);
        body.put("voiceId", voice);
        body.put("modelId", request.getModel());
        ObjectNode audio = body.putObject("audioConfig");
        audio.put("audioEncoding", encoding.name());
        sampleRate.ifPresent(rate -> audio.put("sampleRateHertz", rate));
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        return new Synthesis(body, text, encoding, sampleRate.orElse(AudioEncoding.DEFAULT_SAMPLE_RATE));
    }
}
