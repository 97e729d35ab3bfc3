package io.inferline.schemas.catalog;

import java.util.Locale;

/**
 * Keys of the model-catalog topic. Every lookup the router or a worker makes is one key get: a provider by id,
 * a model by canonical slug, or an alias (whose entry carries the model it stands for). The
 * provider part of a slug and aliases are case-insensitive, the model part is exact.
 */
public final class CatalogKeys {
    public static final String PROVIDER_PREFIX = "provider:";
    public static final String MODEL_PREFIX = "model:";
    public static final String ALIAS_PREFIX = "alias:";

    private CatalogKeys() {
    }

    public static String provider(String providerId) {
        return PROVIDER_PREFIX + providerId.toLowerCase(Locale.ROOT);
    }

    /** The key of {@code provider/model}; the provider part is lowercased, the model part kept exact. */
    public static String model(String provider, String model) {
        return MODEL_PREFIX + provider.toLowerCase(Locale.ROOT) + "/" + model;
    }

    public static String alias(String alias) {
        return ALIAS_PREFIX + alias.toLowerCase(Locale.ROOT);
    }
}
