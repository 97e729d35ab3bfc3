package io.inferline.schemas.serde;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the serde needs. Implementations throw
 * {@link SchemaRegistryException}s; they never return null.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it registered) and returns its id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is registered under {@code subject}; never registers. */
    int idOf(String subject, Schema schema);

    /** The schema with this id. */
    Schema schemaById(int id);

    /** The latest schema registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    @Override
    void close();

    /** A schema with its registry id. */
    record RegisteredSchema(int id, Schema schema) {
    }
}
