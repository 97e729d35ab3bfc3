package io.inferline.workers.provider.media;

import io.inferline.avro.BinaryRef;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@link BinaryRef}s for the two ways a provider hands over media: bytes in the answer, or a URL to fetch
 * them from. The worker runtime moves large inline bytes to the blob store later; adapters only describe them.
 */
public final class InlineBinaries {

    /** The uri of bytes carried in {@code inline_data}. */
    public static final String INLINE_URI = "inline:";

    private InlineBinaries() {
    }

    /** Bytes the provider sent, with their size and lower-case hex SHA-256. */
    public static BinaryRef inline(byte[] bytes, String contentType) {
        return BinaryRef.newBuilder()
                .setUri(INLINE_URI)
                .setContentType(contentType)
                .setSizeBytes((long) bytes.length)
                .setSha256(sha256Hex(bytes))
                .setInlineData(ByteBuffer.wrap(bytes.clone()))
                .build();
    }

    /**
     * A provider URL; size and digest are unknown until someone fetches it.
     *
     * @param expiresAt when the provider documents that the URL stops working, else null
     */
    public static BinaryRef url(String url, String contentType, Instant expiresAt) {
        return BinaryRef.newBuilder()
                .setUri(url)
                .setContentType(contentType)
                .setExpiresAt(expiresAt)
                .build();
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // every JRE ships SHA-256
            throw new IllegalStateException("no SHA-256 in this JRE", e);
        }
    }
}
