package io.inferline.workers.provider.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The media type of bytes, read from their first bytes (magic numbers), for providers that send media
 * without saying its type. Only the formats image and speech providers answer with are known.
 */
public final class MediaSniffer {

    private MediaSniffer() {
    }

    /** The MIME type the bytes announce, or empty when they match none of the known formats. */
    public static Optional<String> contentType(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'A', 'V', 'E')) {
            return Optional.of("audio/wav");
        }
        if (startsWith(bytes, 0, 'O', 'g', 'g', 'S')) {
            return Optional.of("audio/ogg");
        }
        if (startsWith(bytes, 0, 'f', 'L', 'a', 'C')) {
            return Optional.of("audio/flac");
        }
        // an ID3 tag, or an MPEG audio frame sync (11 set bits) with layer III
        if (startsWith(bytes, 0, 'I', 'D', '3')
                || (bytes.length > 1 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xE6) == 0xE2)) {
            return Optional.of("audio/mpeg");
        }
        if (looksLikeSvg(bytes)) {
            return Optional.of("image/svg+xml");
        }
        return Optional.empty();
    }

    private static boolean looksLikeSvg(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        return (head.startsWith("<svg") || head.startsWith("<?xml")) && head.contains("<svg");
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
