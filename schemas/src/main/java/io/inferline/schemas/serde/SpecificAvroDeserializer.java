package io.inferline.schemas.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into Avro specific records of type {@code T}: the writer schema
 * comes from the registry by the id in the bytes, and Avro schema resolution maps it onto {@code T}'s
 * schema, so records written with an older compatible schema read fine into newer classes.
 *
 * <p>The reader type is, in order: the {@code Class} given to the constructor;
 * {@code specific.avro.value.type} / {@code specific.avro.key.type}; else the generated class named
 * by the writer schema (which must be on the classpath). One {@code DatumReader} is kept per writer
 * schema id and decoders are reused per thread, so after the first record of an id nothing but
 * decoding happens. {@code null} deserializes to {@code null} (a tombstone).
 *
 * <p>Failures are {@link AvroSerdeException}s (so {@code SerializationException}s) naming the topic
 * and schema id: {@link AvroSerdeException.InvalidWireFormat}, {@link AvroSerdeException.UnknownSchemaId},
 * {@link AvroSerdeException.IncompatibleSchema}, {@link AvroSerdeException.RegistryUnavailable},
 * {@link AvroSerdeException.RegistryRejected}.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> givenType;
    private final Map<Integer, WriterSchemaReader<T>> readers = new ConcurrentHashMap<>();
    private Class<?> configuredType;
    private SchemaRegistryClient registry;

    /** For configuration by class name: the type comes from {@code specific.avro.value.type} (or key), or the data. */
    public SpecificAvroDeserializer() {
        this.givenType = null;
    }

    /** A deserializer into {@code type}; {@link #configure} must be called. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.givenType = type;
        SpecificData.getForClass(type).getSchema(type);   // fail now, not on the first record, if it is not generated
    }

    /** A deserializer into {@code type} using {@code registry}, usable without {@link #configure}. */
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
        this.configuredType = config.specificType(isKey);
        readers.clear();
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        return bytes == null ? null : decode(topic, bytes, 0, bytes.length);
    }

    /** Reads straight from the consumer's buffer, without the copy Kafka's default method makes. */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    private T decode(String topic, byte[] bytes, int offset, int length) {
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure()");
        }
        if (length < WireFormat.HEADER_SIZE) {
            throw new AvroSerdeException.InvalidWireFormat(topic, null, "record has " + length
                    + " bytes; the wire format needs at least 5 (magic byte 0 and a 4-byte schema id)", null);
        }
        if (bytes[offset] != WireFormat.MAGIC_BYTE) {
            throw new AvroSerdeException.InvalidWireFormat(topic, null, String.format(
                    "first byte is 0x%02x, not the magic byte 0x00: not written by a Confluent-compatible Avro serializer",
                    bytes[offset]), null);
        }
        int id = WireFormat.readSchemaId(bytes, offset);
        return readerFor(topic, id).read(topic, bytes, offset + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE);
    }

    private WriterSchemaReader<T> readerFor(String topic, int id) {
        WriterSchemaReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = newReader(topic, id);
            WriterSchemaReader<T> raced = readers.putIfAbsent(id, reader);
            reader = raced == null ? reader : raced;
        }
        return reader;
    }

    private WriterSchemaReader<T> newReader(String topic, int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate(e, topic, id);
        }
        Class<?> type = givenType != null ? givenType : configuredType != null ? configuredType : classNamedBy(topic, id, writer);
        return new WriterSchemaReader<>(id, writer, type);
    }

    /** Confluent's {@code specific.avro.reader} behaviour: the generated class the writer schema names. */
    private static Class<?> classNamedBy(String topic, int id, Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            throw new AvroSerdeException.IncompatibleSchema(topic, id, "the writer schema is a " + writer.getType()
                    + ", not a record: it cannot be read into a SpecificRecord", null);
        }
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new AvroSerdeException.IncompatibleSchema(topic, id, "no generated class " + writer.getFullName()
                    + " on the classpath; pass the class to read into, or set "
                    + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG + " / " + AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG,
                    null);
        }
        return type;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
