package io.inferline.workers.provider.runway;

import io.inferline.avro.BinaryRef;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.media.MediaSniffer;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;

/**
 * An input image as Runway takes it: an HTTPS URL, a Runway upload URI, or the bytes as a base64 data URI of
 * at most 5 MB (the URI's length, as the reference words it).
 */
final class PromptImage {

    static final int MAX_DATA_URI_CHARS = 5 * 1024 * 1024;

    private PromptImage() {
    }

    /**
     * @param where the request field the image came from, for the refusal, e.g. {@code input.media[0]}
     */
    static String uri(BinaryRef media, String where) {
        ByteBuffer inline = media.getInlineData();
        if (inline != null && inline.remaining() > 0) {
            byte[] bytes = new byte[inline.remaining()];
            inline.duplicate().get(bytes);
            String type = imageType(media.getContentType(), bytes, where);
            return sized("data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes), where);
        }
        String uri = media.getUri() == null ? "" : media.getUri().strip();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("runway://")) {
            return uri;
        }
        if (lower.startsWith("data:image/")) {
            return sized(uri, where);
        }
        if (lower.startsWith("http://")) {
            throw Unsupported.because(RunwayAdapter.PROVIDER + ": " + where + " is a plain http URL; Runway fetches images "
                    + "only over HTTPS (or give the bytes inline)");
        }
        throw Unsupported.because(RunwayAdapter.PROVIDER + ": " + where + " has neither inline bytes nor an HTTPS URL ('"
                + (uri.isEmpty() ? "" : uri.split(":", 2)[0] + ":...") + "'); Runway can only be given one of those");
    }

    private static String imageType(String declared, byte[] bytes, String where) {
        String type = declared == null || declared.isBlank() ? MediaSniffer.contentType(bytes).orElse("") : declared.strip();
        if (!type.toLowerCase(Locale.ROOT).startsWith("image/")) {
            throw Unsupported.because(RunwayAdapter.PROVIDER + ": " + where + " must be an image, not '"
                    + (type.isEmpty() ? "unknown bytes" : type) + "'");
        }
        return type.toLowerCase(Locale.ROOT);
    }

    private static String sized(String dataUri, String where) {
        if (dataUri.length() > MAX_DATA_URI_CHARS) {
            throw Unsupported.because(RunwayAdapter.PROVIDER + ": " + where + " is too large to send inline ("
                    + dataUri.length() + " characters as a data URI, Runway takes at most " + MAX_DATA_URI_CHARS
                    + "); give an HTTPS URL instead");
        }
        return dataUri;
    }
}
