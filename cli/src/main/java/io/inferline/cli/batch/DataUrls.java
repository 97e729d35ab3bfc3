package io.inferline.cli.batch;

import io.inferline.avro.BinaryRef;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code data:} URLs of batch lines, turned into the bytes themselves: a provider that takes files (audio to
 * transcribe, a first frame) gets them inline, as no worker fetches a URL on a request's behalf.
 */
final class DataUrls {

    /** What the workers write as the URI of inline bytes. */
    static final String INLINE_URI = "inline:";

    private DataUrls() {
    }

    /** {@code data:[type][;base64],payload} as an inline binary of {@code contentType}. */
    static BinaryRef inline(String url, String contentType) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new InvalidLine("\"media_url\" is a data: URL without a comma before its data");
        }
        String header = url.substring("data:".length(), comma);
        String payload = url.substring(comma + 1);
        byte[] bytes;
        if (header.endsWith(";base64")) {
            try {
                bytes = Base64.getDecoder().decode(payload.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidLine("\"media_url\" is a base64 data: URL that is not valid base64 (" + e.getMessage() + ")");
            }
        } else {
            bytes = URLDecoder.decode(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length == 0) {
            throw new InvalidLine("\"media_url\" is a data: URL with no data");
        }
        return BinaryRef.newBuilder().setUri(INLINE_URI).setContentType(contentType).setSizeBytes((long) bytes.length)
                .setSha256(sha256(bytes)).setInlineData(ByteBuffer.wrap(bytes)).build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
