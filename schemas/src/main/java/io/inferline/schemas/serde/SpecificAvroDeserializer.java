package io.inferline.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into Avro specific records of type {@code T}: the writer schema
 * comes from the registry by the id in the bytes (cached), and Avro schema resolution maps it onto
 * {@code T}'s schema, so records written with an older compatible schema read fine.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private Schema readerSchema;
    private SchemaRegistryClient registry;

    /** For configuration by class name: the type comes from {@code specific.avro.value.type} (or key). */
    public SpecificAvroDeserializer() {
    }

    /** A deserializer into {@code type}; {@link #configure} must be called unless a registry is given. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    /** A deserializer into {@code type} using {@code registry}. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(config, isKey, registry == null ? SchemaRegistryClients.create(config) : registry);
    }

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient registry) {
        this.registry = registry;
        if (readerSchema == null && config.specificType(isKey) != null) {
            readerSchema = SpecificData.get().getSchema(config.specificType(isKey));
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;   // tombstone
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure()");
        }
        if (bytes.length < WireFormat.HEADER_SIZE) {
            throw new AvroSerdeException.InvalidWireFormat(topic, null, "record has " + bytes.length
                    + " bytes; the wire format needs at least 5 (magic byte 0 and a 4-byte schema id)", null);
        }
        if (bytes[0] != WireFormat.MAGIC_BYTE) {
            throw new AvroSerdeException.InvalidWireFormat(topic, null, String.format(
                    "first byte is 0x%02x, not the magic byte 0x00: not written by a Confluent-compatible Avro serializer",
                    bytes[0]), null);
        }
        int id = WireFormat.readSchemaId(bytes);
        DatumReader<T> reader = readerFor(topic, id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                bytes.length - WireFormat.HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException.InvalidWireFormat(topic, id, "payload of " + (bytes.length - WireFormat.HEADER_SIZE)
                    + " bytes is truncated or not Avro of this schema: " + e, e);
        }
    }

    private DatumReader<T> readerFor(String topic, int id) {
        DatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate(e, topic, id);
        }
        Schema reading = readerSchema == null ? writer : readerSchema;
        reader = new SpecificDatumReader<>(writer, reading, SpecificData.getForSchema(reading));
        readers.put(id, reader);
        return reader;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
