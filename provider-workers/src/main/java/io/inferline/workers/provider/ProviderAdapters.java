package io.inferline.workers.provider;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The adapters on the class path, by provider id. inferline's own are listed in
 * {@code META-INF/services}; an adapter for another provider plugs in the same way, without a
 * change here.
 */
public final class ProviderAdapters {

    private final Map<String, ProviderAdapter> byProvider;

    private ProviderAdapters(Map<String, ProviderAdapter> byProvider) {
        this.byProvider = Map.copyOf(byProvider);
    }

    public static ProviderAdapters installed() {
        Map<String, ProviderAdapter> found = new TreeMap<>();
        for (ProviderAdapter adapter : ServiceLoader.load(ProviderAdapter.class)) {
            ProviderAdapter clash = found.putIfAbsent(adapter.provider(), adapter);
            if (clash != null) {
                throw new IllegalStateException("two adapters for provider " + adapter.provider() + ": "
                        + clash.getClass().getName() + " and " + adapter.getClass().getName());
            }
        }
        return new ProviderAdapters(found);
    }

    public Optional<ProviderAdapter> forProvider(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }

    public java.util.Set<String> providers() {
        return new java.util.TreeSet<>(byProvider.keySet());
    }
}
