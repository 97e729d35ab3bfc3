package io.inferline.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches ids and schemas both ways, so that after warm-up the serializers and deserializers make no
 * registry call: an id never changes its schema, and a schema registered under a subject keeps its
 * id. Only {@link #latest} is not cached here, since a subject's latest version moves; the serializer
 * keeps what it needs of it. Failures are not cached: the next call asks again.
 *
 * <p>A miss asks the registry inside the map's {@code computeIfAbsent}, so concurrent first records
 * of one schema wait for one request instead of sending many.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    // a successful register or lookup both prove the schema is registered under the subject with this id
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            int id = delegate.register(subject, schema);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            int id = delegate.idOf(subject, schema);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, delegate::schemaById);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegisteredSchema latest = delegate.latest(subject);
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Caching" + delegate;
    }
}
