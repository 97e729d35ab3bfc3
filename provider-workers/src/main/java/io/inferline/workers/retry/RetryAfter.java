package io.inferline.workers.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the waits providers announce: Retry-After (seconds or HTTP date) and rate-limit reset values. */
public final class RetryAfter {

    private static final Pattern GO_DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?");

    private RetryAfter() {
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110); empty when absent or unreadable. */
    public static Optional<Duration> fromHeader(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        try {
            double seconds = Double.parseDouble(trimmed);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** An RFC 3339 instant, as in Anthropic's {@code anthropic-ratelimit-*-reset} headers. */
    public static Optional<Duration> untilInstant(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.parse(value.trim());
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A Go-style duration such as {@code 1s}, {@code 6m0s} or {@code 120ms}, as in OpenAI's {@code x-ratelimit-reset-*}. */
    public static Optional<Duration> goDuration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Matcher m = GO_DURATION.matcher(value.trim());
        if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null && m.group(4) == null)) {
            return Optional.empty();
        }
        long millis = 0;
        if (m.group(1) != null) {
            millis += Long.parseLong(m.group(1)) * 3_600_000L;
        }
        if (m.group(2) != null) {
            millis += Long.parseLong(m.group(2)) * 60_000L;
        }
        if (m.group(3) != null) {
            millis += (long) Math.ceil(Double.parseDouble(m.group(3)) * 1000);
        }
        if (m.group(4) != null) {
            millis += Long.parseLong(m.group(4));
        }
        return Optional.of(Duration.ofMillis(millis));
    }
}
