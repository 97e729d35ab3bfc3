package io.inferline.schemas.serde;

import java.util.List;

/** Builds the registry client a serde configuration asks for. */
public final class SchemaRegistryClients {

    static final String MOCK_SCHEME = "mock://";

    private SchemaRegistryClients() {
    }

    /** A caching client for {@code schema.registry.url}: HTTP, or the in-process mock for {@code mock://scope}. */
    public static SchemaRegistryClient create(AvroSerdeConfig config) {
        List<String> urls = config.registryUrls();
        if (urls.get(0).startsWith(MOCK_SCHEME)) {
            if (urls.size() > 1) {
                throw new org.apache.kafka.common.config.ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                        urls, "a mock:// URL cannot be combined with other URLs");
            }
            return MockSchemaRegistry.forScope(urls.get(0).substring(MOCK_SCHEME.length()));
        }
        return new CachingSchemaRegistryClient(HttpSchemaRegistryClient.create(config, Thread::sleep));
    }
}
