package io.inferline.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format (magic byte 0, 4-byte big-endian schema
 * id, Avro binary), byte for byte what Confluent's {@code KafkaAvroSerializer} writes.
 *
 * <p>The schema id comes from registering the record's schema under {@code <topic>-value} or
 * {@code <topic>-key} ({@code auto.register.schemas=true}, the default), from looking it up
 * ({@code false}), or from the subject's latest version ({@code use.latest.version=true}, which wins).
 * After the first record of a topic, serializing makes no registry call, no JSON work and no
 * reflection: the id and the {@link DatumWriter} are kept per topic, and the output buffer and encoder
 * are reused per thread. {@code null} serializes to {@code null} (a tombstone).
 *
 * <p>Usable from client configs ({@code value.serializer=io.inferline.schemas.serde.SpecificAvroSerializer});
 * {@link #configure} must then be called, as Kafka does.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final ThreadLocal<EncodeBuffer> BUFFER = new ThreadLocal<>();

    private final Map<String, TopicSchema<T>> topicSchemas = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatestVersion;

    /** For configuration by class name; {@link #configure} must be called. */
    public SpecificAvroSerializer() {
    }

    /**
     * A serializer of {@code type}; {@link #configure} must be called. Records carry their own schema,
     * so the type only lets the writer be built up front.
     */
    public SpecificAvroSerializer(Class<T> type) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        writers.put(schema, new SpecificDatumWriter<>(schema, SpecificData.getForClass(type)));
    }

    /**
     * A serializer of values using {@code registry} (keep one caching client per application), usable
     * without {@link #configure}; configuring it later keeps this registry and takes the other settings.
     */
    public SpecificAvroSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(config, isKey, registry == null ? SchemaRegistryClients.create(config) : registry);
    }

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient registry) {
        this.registry = registry;
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        topicSchemas.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;   // tombstone
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        TopicSchema<T> known = topicSchemas.get(topic);
        // generated classes return their static SCHEMA$: an identity check is all the hot path needs
        if (known == null || known.schema() != schema) {
            known = resolve(topic, record);
            topicSchemas.put(topic, known);
        }
        return encode(topic, known, record);
    }

    private byte[] encode(String topic, TopicSchema<T> target, T record) {
        EncodeBuffer buffer = EncodeBuffer.forThisThread();
        try {
            buffer.out.reset();
            WireFormat.writeHeader(buffer.out, target.id());
            target.writer().write(record, buffer.encoder);
            buffer.encoder.flush();
            byte[] bytes = buffer.out.toByteArray();
            buffer.release();
            return bytes;
        } catch (IOException | RuntimeException e) {
            BUFFER.remove();   // the encoder may hold half a record: start clean next time
            throw new AvroSerdeException(topic, target.id(), "cannot encode " + target.schema().getFullName()
                    + ": " + e.getMessage(), e);
        }
    }

    private TopicSchema<T> resolve(String topic, T record) {
        Schema schema = record.getSchema();
        String subject = WireFormat.subject(topic, isKey);
        int id;
        try {
            if (useLatestVersion) {
                id = latestIdEncodingLike(topic, subject, schema);
            } else if (autoRegister) {
                id = registry.register(subject, schema);
            } else {
                id = registry.idOf(subject, schema);
            }
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate(e, topic, null);
        }
        return new TopicSchema<>(schema, id, writers.computeIfAbsent(schema, s -> writerFor(record)));
    }

    private int latestIdEncodingLike(String topic, String subject, Schema schema) {
        SchemaRegistryClient.RegisteredSchema latest = registry.latest(subject);
        // equal canonical forms encode identically, so the record's own writer produces the latest's bytes
        if (!SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new AvroSerdeException(topic, latest.id(), "use.latest.version is set but the latest schema of subject "
                    + subject + " does not encode like " + schema.getFullName() + " as this client knows it; upgrade"
                    + " the client or register its schema", null);
        }
        return latest.id();
    }

    private DatumWriter<T> writerFor(T record) {
        // the generated class's own model knows its logical-type conversions (timestamp-millis as Instant)
        SpecificData model = record instanceof SpecificRecordBase base
                ? base.getSpecificData() : SpecificData.getForSchema(record.getSchema());
        return new SpecificDatumWriter<>(record.getSchema(), model);
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The schema id and writer of a topic's records. */
    private record TopicSchema<R>(Schema schema, int id, DatumWriter<R> writer) {
    }

    /** A per-thread output buffer and encoder, reused across records of every serializer on the thread. */
    private static final class EncodeBuffer {
        private static final int MAX_KEPT_BYTES = 1 << 20;   // do not pin the memory of one huge record

        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);

        static EncodeBuffer forThisThread() {
            EncodeBuffer buffer = BUFFER.get();
            if (buffer == null) {
                buffer = new EncodeBuffer();
                BUFFER.set(buffer);
            }
            return buffer;
        }

        void release() {
            if (out.size() > MAX_KEPT_BYTES) {
                BUFFER.remove();
            }
        }
    }
}
