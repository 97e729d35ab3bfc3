package io.inferline.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process registry for unit tests, reached with {@code schema.registry.url=mock://<scope>}.
 * Every serde configured with the same scope shares one instance, like Confluent's mock URLs; drop a
 * scope with {@link #dropScope} after a test. Ids are content ids, as in Confluent's registry: the
 * same schema text gets the same id under every subject.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of a scope, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets a scope and everything registered in it; serdes configured later get a fresh registry. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        // keyed by the text a real client registers (schema.toString()), as a registry dedupes
        int id = idsByText.computeIfAbsent(schema.toString(), text -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, schema);
            return next;
        });
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = idsByText.get(schema.toString());
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw notFound("schema " + schema.getFullName() + " is not registered under subject " + subject, subject);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound("schema id " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound("subject " + subject + " not found", subject);
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(id, schemasById.get(id));
    }

    @Override
    public void close() {
        // shared by the scope: it lives until dropScope
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[" + scope + "]";
    }

    private SchemaRegistryException notFound(String what, String subject) {
        return new SchemaRegistryException.RequestRejected("mock registry " + scope + ": " + what, 404, 40403, subject);
    }
}
