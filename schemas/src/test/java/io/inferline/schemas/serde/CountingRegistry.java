package io.inferline.schemas.serde;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry that hands out a fixed id and counts the calls that reach it. */
final class CountingRegistry implements SchemaRegistryClient {
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    private final int id;
    private volatile Schema schema;

    CountingRegistry(int id) {
        this.id = id;
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        this.schema = schema;
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        lookups.incrementAndGet();
        this.schema = schema;
        return id;
    }

    @Override
    public Schema schemaById(int requested) {
        fetches.incrementAndGet();
        if (requested != id || schema == null) {
            throw new SchemaRegistryException.RequestRejected("no schema " + requested, 404, 40403);
        }
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return new RegisteredSchema(id, schema);
    }

    @Override
    public void close() {
    }
}
