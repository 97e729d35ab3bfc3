package io.inferline.workers.provider.media;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.UnsupportedRequestException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audio a transcription request carries: exactly one {@code input.media} entry with its bytes in
 * {@code inline_data}. Adapters upload bytes and never fetch anything, so an entry that only names a URI is
 * refused here, for every provider whose API takes the audio itself.
 *
 * @param contentType the declared type, else the one its bytes announce, else {@code application/octet-stream}
 */
public record AudioInput(byte[] bytes, String contentType) {

    /** The type of bytes nobody described. */
    public static final String UNKNOWN_TYPE = "application/octet-stream";

    // the file extension each audio type is known by; several names are in use for some
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("audio/mpeg", "mp3"), Map.entry("audio/mp3", "mp3"), Map.entry("audio/mpga", "mpga"),
            Map.entry("audio/wav", "wav"), Map.entry("audio/x-wav", "wav"), Map.entry("audio/wave", "wav"),
            Map.entry("audio/vnd.wave", "wav"), Map.entry("audio/flac", "flac"), Map.entry("audio/x-flac", "flac"),
            Map.entry("audio/ogg", "ogg"), Map.entry("audio/opus", "ogg"), Map.entry("audio/webm", "webm"),
            Map.entry("video/webm", "webm"), Map.entry("audio/mp4", "m4a"), Map.entry("audio/m4a", "m4a"),
            Map.entry("audio/x-m4a", "m4a"), Map.entry("video/mp4", "mp4"));

    public AudioInput {
        bytes = bytes.clone();
    }

    /**
     * @throws UnsupportedRequestException when the request has no media, more than one entry, or an entry without
     *                                     inline bytes (naming only the URI's scheme, which may be a signed URL)
     */
    public static AudioInput of(RoutedRequest request, String provider) {
        List<BinaryRef> media = request.getRequest().getInput().getMedia();
        if (media.isEmpty()) {
            throw new UnsupportedRequestException(provider + ": a transcription request needs the audio in input.media, it has none");
        }
        if (media.size() > 1) {
            throw new UnsupportedRequestException(provider + ": a transcription request takes one audio file in input.media, it has "
                    + media.size());
        }
        BinaryRef audio = media.get(0);
        ByteBuffer inline = audio.getInlineData();
        if (inline == null) {
            throw new UnsupportedRequestException(provider + ": input.media[0] has no inline_data, only a uri (" + scheme(audio.getUri())
                    + "); the audio must be sent as bytes in inline_data: the " + provider + " API takes no audio URL and the worker "
                    + "fetches nothing");
        }
        ByteBuffer view = inline.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        if (bytes.length == 0) {
            throw new UnsupportedRequestException(provider + ": input.media[0].inline_data is empty");
        }
        return new AudioInput(bytes, typeOf(audio.getContentType(), bytes));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The usual file extension of the audio's type, e.g. {@code mp3}; empty when the type is not a known audio one. */
    public Optional<String> extension() {
        return Optional.ofNullable(EXTENSIONS.get(baseType(contentType)));
    }

    private static String typeOf(String declared, byte[] bytes) {
        String base = baseType(declared);
        if (!base.isEmpty() && !base.equals(UNKNOWN_TYPE)) {
            return declared.strip();
        }
        return MediaSniffer.contentType(bytes).orElse(UNKNOWN_TYPE);
    }

    private static String baseType(String type) {
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String scheme(String uri) {
        try {
            String scheme = uri == null ? null : URI.create(uri).getScheme();
            return scheme == null ? "no scheme" : scheme + ":...";
        } catch (IllegalArgumentException e) {
            return "not a URI";
        }
    }
}
