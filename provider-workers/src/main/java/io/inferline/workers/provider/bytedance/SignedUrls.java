package io.inferline.workers.provider.bytedance;

import io.inferline.avro.BinaryRef;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ark's result URLs: TOS objects signed with {@code X-Tos-Date} (when signed, {@code yyyyMMdd'T'HHmmss'Z'}) and
 * {@code X-Tos-Expires} (seconds): together they say when the URL stops working, which the reference documents as 24
 * hours. The S3-style {@code X-Amz-Date}/{@code X-Amz-Expires} pair is read the same way; without either the URL is taken
 * to work for 24 hours from the answer that carried it.
 */
final class SignedUrls {

    static final Duration DOCUMENTED_LIFETIME = Duration.ofHours(24);
    private static final DateTimeFormatter SIGNED_AT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private SignedUrls() {
    }

    /**
     * @param path     where the URL sits in the answer, for the message of an unreadable one
     * @param fallback the content type when the URL's file name has no known extension
     */
    static BinaryRef read(String url, String path, String fallback, Instant now) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + path + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidAnswerException("the answer's " + path + " is not an http(s) URL");
        }
        Map<String, String> query = query(uri);
        Instant expires = signedUntil(query, "X-Tos-").or(() -> signedUntil(query, "X-Amz-")).orElse(now.plus(DOCUMENTED_LIFETIME));
        return InlineBinaries.url(uri.toString(), typeOf(uri.getPath()).orElse(fallback), expires);
    }

    private static Optional<Instant> signedUntil(Map<String, String> query, String prefix) {
        String date = query.get(prefix + "Date");
        String seconds = query.get(prefix + "Expires");
        if (date == null || seconds == null || !seconds.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(date, SIGNED_AT).toInstant(ZoneOffset.UTC).plusSeconds(Long.parseLong(seconds)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return values;
    }

    static Optional<String> typeOf(String path) {
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpeg") || lower.endsWith(".jpg")) {
            return Optional.of("image/jpeg");
        }
        if (lower.endsWith(".png")) {
            return Optional.of("image/png");
        }
        if (lower.endsWith(".webp")) {
            return Optional.of("image/webp");
        }
        if (lower.endsWith(".mp4")) {
            return Optional.of("video/mp4");
        }
        return Optional.empty();
    }
}
