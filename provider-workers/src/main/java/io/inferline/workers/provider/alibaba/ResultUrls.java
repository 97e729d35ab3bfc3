package io.inferline.workers.provider.alibaba;

import io.inferline.avro.BinaryRef;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.media.InlineBinaries;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Result URLs of DashScope tasks. They are OSS URLs signed with {@code Expires=<epoch seconds>}: that is when they stop
 * working, and the reference documents it as 24 hours after generation. Without the parameter the URL is taken to
 * work for 24 hours from the answer that carried it.
 */
final class ResultUrls {

    static final Duration DOCUMENTED_LIFETIME = Duration.ofHours(24);

    private ResultUrls() {
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
        Instant expires = signedUntil(uri).orElse(now.plus(DOCUMENTED_LIFETIME));
        return InlineBinaries.url(uri.toString(), typeOf(uri.getPath()).orElse(fallback), expires);
    }

    private static Optional<Instant> signedUntil(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals("Expires")) {
                String value = pair.substring(equals + 1);
                return value.matches("\\d{1,12}") ? Optional.of(Instant.ofEpochSecond(Long.parseLong(value))) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> typeOf(String path) {
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return Optional.of("image/png");
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return Optional.of("image/jpeg");
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
