package io.inferline.workers.provider.vidu;

import io.inferline.avro.BinaryRef;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.media.MediaSniffer;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The start frame of an image-to-video creation as Vidu takes it: a public URL, or the bytes as a base64 data URI
 * of a PNG, JPEG or WebP image under 10 MB (decoded).
 */
final class StartFrame {

    static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp");

    private StartFrame() {
    }

    static String uri(BinaryRef media, String where) {
        ByteBuffer inline = media.getInlineData();
        if (inline != null && inline.remaining() > 0) {
            if (inline.remaining() >= MAX_BYTES) {
                throw Unsupported.because(ViduAdapter.PROVIDER + ": " + where + " is " + inline.remaining()
                        + " bytes, Vidu takes inline images under " + MAX_BYTES + "; give a public URL instead");
            }
            byte[] bytes = new byte[inline.remaining()];
            inline.duplicate().get(bytes);
            String declared = media.getContentType() == null ? "" : media.getContentType().strip().toLowerCase(Locale.ROOT);
            String type = declared.isEmpty() ? MediaSniffer.contentType(bytes).orElse("") : declared;
            if (!TYPES.contains(type)) {
                throw Unsupported.because(ViduAdapter.PROVIDER + ": " + where + " must be a PNG, JPEG or WebP image, not '"
                        + (type.isEmpty() ? "unknown bytes" : type) + "'");
            }
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
        String uri = media.getUri() == null ? "" : media.getUri().strip();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:image/")) {
            return uri;
        }
        throw Unsupported.because(ViduAdapter.PROVIDER + ": " + where + " has neither inline bytes nor a public URL ('"
                + (uri.isEmpty() ? "" : uri.split(":", 2)[0] + ":...") + "'); Vidu can only be given one of those");
    }
}
