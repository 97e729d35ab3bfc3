package io.inferline.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;

/** Serializer and deserializer of Avro specific records in the Confluent wire format, for clients and Streams. */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For configuration by class name: the type comes from {@code specific.avro.value.type} (or key). */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** A serde for {@code type}; {@link #configure} must be called before use. */
    public SpecificAvroSerde(Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // one registry client (one connection pool, one cache) for both directions
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient registry = SchemaRegistryClients.create(config);
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
