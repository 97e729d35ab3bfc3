package io.inferline.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer and deserializer of Avro specific records in the Confluent wire format, for plain clients
 * and Kafka Streams. {@link #configure} with {@code isKey} chooses the subjects {@code <topic>-key} or
 * {@code <topic>-value}; both directions share one registry client (one connection pool, one cache).
 * See {@link AvroSerdeConfig} for the keys.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;
    private final SchemaRegistryClient givenRegistry;

    /**
     * For configuration by class name (e.g. {@code default.value.serde}): records are read into
     * {@code specific.avro.value.type} (or key), else into the class the writer schema names.
     */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
        this.givenRegistry = null;
    }

    /** A serde for {@code type} (its {@code SCHEMA$} is the reader schema); {@link #configure} must be called. */
    public SpecificAvroSerde(Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>(type);
        this.deserializer = new SpecificAvroDeserializer<>(type);
        this.givenRegistry = null;
    }

    /** A serde for {@code type} using {@code registry}; {@link #configure} must be called (for the other settings). */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.serializer = new SpecificAvroSerializer<>(type);
        this.deserializer = new SpecificAvroDeserializer<>(type);
        this.givenRegistry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient registry = givenRegistry != null ? givenRegistry : SchemaRegistryClients.create(config);
        serializer.configure(config, isKey, registry);
        deserializer.configure(config, isKey, registry);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();   // closes the shared registry client
    }
}
