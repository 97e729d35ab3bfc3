package io.inferline.workers.provider;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request to a provider. {@link #toString()} leaves out header values: they carry the key.
 *
 * @param headers request headers, including authentication and {@code Content-Type}
 * @param body    the JSON (or other) body; empty for GET
 */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }

    public static UpstreamRequest postJson(URI uri, Map<String, String> headers, byte[] body) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        return new UpstreamRequest("POST", uri, all, body);
    }

    @Override
    public String toString() {
        return method + " " + uri + " headers=" + headers.keySet() + " body=" + body.length + " bytes";
    }
}
