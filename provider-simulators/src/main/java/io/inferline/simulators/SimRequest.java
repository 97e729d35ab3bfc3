package io.inferline.simulators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as a simulated provider sees it: the path below the provider's prefix
 * (e.g. {@code /v1/messages}), headers looked up case-insensitively, and the whole body.
 */
public final class SimRequest {

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    public SimRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query == null ? "" : query;
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        this.headers = byName;
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The decoded path below the provider prefix, starting with '/'. */
    public String path() {
        return path;
    }

    /** The raw query string, empty when none. */
    public String query() {
        return query;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
