package io.inferline.workers.provider.inworld;

import io.inferline.workers.provider.canonical.Unsupported;
import java.util.Locale;

/**
 * The {@code audioConfig.audioEncoding} values of the reference, with the MIME type of what each returns.
 * Containers carry their header (LINEAR16 comes as WAV, as the reference's sample shows); the headerless
 * ones name their sample rate, which the request set or the API defaults to 48 kHz.
 */
enum AudioEncoding {
    MP3("audio/mpeg"),
    OGG_OPUS("audio/ogg"),
    FLAC("audio/flac"),
    LINEAR16("audio/wav"),
    WAV("audio/wav"),
    PCM("audio/L16"),
    ALAW("audio/PCMA"),
    MULAW("audio/PCMU");

    /** The API's default sample rate. */
    static final int DEFAULT_SAMPLE_RATE = 48_000;

    private final String mediaType;

    AudioEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The MIME type of the audio; headerless encodings carry {@code rate} and mono as parameters. */
    String contentType(int sampleRateHertz) {
        return switch (this) {
            case PCM, ALAW, MULAW -> mediaType + ";rate=" + sampleRateHertz + ";channels=1";
            default -> mediaType;
        };
    }

    static AudioEncoding parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Unsupported.because(InworldAdapter.PROVIDER + ": options.extra[\"audio_encoding\"] '" + value
                    + "' is not one of MP3, OGG_OPUS, FLAC, LINEAR16, WAV, PCM, ALAW, MULAW");
        }
    }
}
