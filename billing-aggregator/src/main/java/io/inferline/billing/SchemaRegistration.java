package io.inferline.billing;

import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.SchemaRegistryClient;
import io.inferline.schemas.serde.SchemaRegistryClients;
import io.inferline.schemas.serde.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the schemas the aggregator writes before it starts processing. Otherwise the first
 * transaction of every task would wait for the registry (a slow one can keep it open past
 * {@code transaction.timeout.ms}, and the broker fences the producer); and an unreachable registry
 * stops start-up with a clear message instead of failing stream threads.
 */
final class SchemaRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistration.class);

    private SchemaRegistration() {
    }

    /** Registers each schema under {@code <topic>-value}, unless the serdes are configured not to register. */
    static void registerAll(Map<String, ?> serdeConfig, Map<String, Schema> valueTopics) {
        AvroSerdeConfig config = new AvroSerdeConfig(serdeConfig);
        if (!config.autoRegisterSchemas() || config.useLatestVersion()) {
            return;
        }
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(config)) {
            valueTopics.forEach((topic, schema) -> {
                int id = registry.register(topic + "-value", schema);
                LOG.debug("schema {} registered under {}-value as id {}", schema.getFullName(), topic, id);
            });
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException("cannot register the aggregator's schemas (" + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
                    + "): " + e.getMessage(), e);
        }
    }
}
