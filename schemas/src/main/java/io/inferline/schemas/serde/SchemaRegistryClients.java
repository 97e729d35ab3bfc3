package io.inferline.schemas.serde;

/** Builds the registry client a serde configuration asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /** A caching HTTP client for {@code schema.registry.url}, or the scope's in-process mock for {@code mock://scope}. */
    public static SchemaRegistryClient create(AvroSerdeConfig config) {
        return config.mockScope()
                .<SchemaRegistryClient>map(MockSchemaRegistry::forScope)
                .orElseGet(() -> new CachingSchemaRegistryClient(HttpSchemaRegistryClient.create(config, Thread::sleep)));
    }
}
