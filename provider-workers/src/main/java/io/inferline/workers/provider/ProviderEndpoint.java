package io.inferline.workers.provider;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom a provider is called.
 *
 * @param baseUrl  scheme, host and optional path prefix; adapters append the documented path
 * @param apiKey   the credential; never logged, never put in a record or an exception message
 * @param settings provider-specific non-secret settings, e.g. {@code account_id} for Workers AI
 */
public record ProviderEndpoint(URI baseUrl, Secret apiKey, Map<String, String> settings) {

    public ProviderEndpoint {
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** {@code baseUrl} joined with an absolute path, without doubling slashes. */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + (path.startsWith("/") ? path : "/" + path));
    }
}
