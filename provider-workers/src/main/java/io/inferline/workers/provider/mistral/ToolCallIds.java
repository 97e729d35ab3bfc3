package io.inferline.workers.provider.mistral;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Mistral takes only tool call ids of nine letters and digits, in the calls an assistant made and in the results
 * that answer them. Ids from Mistral already have that shape and are kept; any other (a conversation begun with
 * another provider) is replaced by nine characters derived from it, the same for the call and for its result.
 */
final class ToolCallIds {

    private static final Pattern MISTRAL_SHAPE = Pattern.compile("[A-Za-z0-9]{9}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private ToolCallIds() {
    }

    static String forMistral(String id) {
        if (MISTRAL_SHAPE.matcher(id).matches()) {
            return id;
        }
        byte[] digest = sha256(id);
        char[] out = new char[9];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
        }
        return new String(out);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // every JVM ships SHA-256
            throw new IllegalStateException(e);
        }
    }
}
