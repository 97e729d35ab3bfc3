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
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering (or looking up) the
 * record's schema under {@code <topic>-value} / {@code <topic>-key}. After the first record of a
 * topic, serializing makes no registry call and no reflection.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<String, Integer> latestIds = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister;
    private boolean useLatestVersion;

    /** For configuration by class name; {@link #configure} must be called. */
    public SpecificAvroSerializer() {
    }

    /** A serializer using {@code registry} (shared caches), configured for values. */
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
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        WireFormat.writeHeader(out, id);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
        ENCODER.set(encoder);
        try {
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(topic, id, "cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        String subject = WireFormat.subject(topic, isKey);
        try {
            if (useLatestVersion) {
                return latestIds.computeIfAbsent(subject, s -> latestIdMatching(topic, s, schema));
            }
            return autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate(e, topic, null);
        }
    }

    private int latestIdMatching(String topic, String subject, Schema schema) {
        SchemaRegistryClient.RegisteredSchema latest = registry.latest(subject);
        if (!SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new AvroSerdeException(topic, latest.id(), "use.latest.version is set but the latest schema of subject "
                    + subject + " is not " + schema.getFullName() + " as this client knows it; upgrade the client or"
                    + " register its schema", null);
        }
        return latest.id();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
