package io.inferline.billing.http;

import io.inferline.billing.query.UsageReport;
import io.inferline.schemas.topic.UsageWindowSize;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a request, with typed getters that throw {@link BadParameter} naming the
 * parameter. An unknown or repeated parameter is an error too: a typo must not silently ask
 * another question.
 */
final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code rawQuery} (may be null), accepting only the {@code known} names. */
    static QueryParams parse(String rawQuery, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!known.contains(name)) {
                    throw new BadParameter(name, "unknown parameter '" + name + "'; known: " + new TreeSet<>(known));
                }
                if (values.put(name, value) != null) {
                    throw new BadParameter(name, "parameter '" + name + "' is given more than once");
                }
            }
        }
        return new QueryParams(values);
    }

    /** Percent-decoding as in a URL path or query (a '+' in a query is a space). */
    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(raw, "malformed percent-encoding in '" + raw + "'");
        }
    }

    /** An instant as epoch milliseconds or ISO-8601 ({@code 2026-11-25T10:00:00Z}). */
    /** A parameter given with a value that is not blank. */
    java.util.Optional<String> text(String name) {
        return java.util.Optional.ofNullable(values.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    Instant instant(String name, Instant fallback) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return raw.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(raw)) : Instant.parse(raw);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new BadParameter(name, "parameter '" + name + "' must be epoch milliseconds or an ISO-8601 instant"
                    + " such as 2026-11-25T10:00:00Z, was '" + raw + "'");
        }
    }

    UsageWindowSize window(String name, UsageWindowSize fallback) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return UsageWindowSize.fromSuffix(raw).orElseThrow(() -> new BadParameter(name, "parameter '" + name
                + "' must be one of 1m, 1h, 1d, was '" + raw + "'"));
    }

    int integer(String name, int fallback, int min, int max) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new BadParameter(name, "parameter '" + name + "' must be a whole number from " + min + " to " + max
                + ", was '" + raw + "'");
    }

    /** A comma-separated subset of provider, model, window; an empty value means none (one total row). */
    Set<UsageReport.Dimension> dimensions(String name, Set<UsageReport.Dimension> fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        Set<UsageReport.Dimension> dims = EnumSet.noneOf(UsageReport.Dimension.class);
        for (String part : raw.split(",")) {
            String wanted = part.trim().toUpperCase(Locale.ROOT);
            if (wanted.isEmpty()) {
                continue;
            }
            try {
                dims.add(UsageReport.Dimension.valueOf(wanted));
            } catch (IllegalArgumentException e) {
                throw new BadParameter(name, "parameter '" + name + "' takes a comma-separated list of "
                        + Arrays.stream(UsageReport.Dimension.values()).map(d -> d.name().toLowerCase(Locale.ROOT)).toList()
                        + ", was '" + raw + "'");
            }
        }
        return dims;
    }
}
