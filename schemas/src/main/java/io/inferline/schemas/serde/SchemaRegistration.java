package io.inferline.schemas.serde;

import io.inferline.schemas.topic.Topic;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the schemas an app writes before it starts processing, one after another. Otherwise the first
 * transaction of every task would wait for the registry (a slow one can keep it open past
 * {@code transaction.timeout.ms}, and the broker fences the producer), many clients starting together would
 * register the same subjects at once (a registry on a small database then times out on its locks), and an
 * unreachable registry would fail processing threads instead of stopping start-up with a clear message.
 */
public final class SchemaRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistration.class);

    private SchemaRegistration() {
    }

    /** Registers the value schema of each Avro topic under {@code <topic>-value} (topics of raw bytes have none). */
    public static void registerAll(Map<String, ?> serdeConfig, Collection<? extends Topic<?, ?>> topics) {
        Map<String, Schema> valueTopics = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics) {
            if (SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                valueTopics.put(topic.name(), SpecificData.get().getSchema(topic.valueType()));
            }
        }
        registerAll(serdeConfig, valueTopics);
    }

    /** Registers each schema under {@code <topic>-value}, unless the serdes are configured not to register. */
    public static void registerAll(Map<String, ?> serdeConfig, Map<String, Schema> valueTopics) {
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
            throw new IllegalStateException("cannot register the schemas of " + valueTopics.keySet() + " (" + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
                    + "): " + e.getMessage(), e);
        }
    }
}
