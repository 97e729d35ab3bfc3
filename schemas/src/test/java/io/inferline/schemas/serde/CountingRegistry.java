package io.inferline.schemas.serde;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry that hands out one fixed id for every schema and counts the calls that reach it. */
final class CountingRegistry implements SchemaRegistryClient {
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger latests = new AtomicInteger();
    /** Fetches by id that fail as if the registry were down, before they work again. */
    final AtomicInteger fetchFailuresLeft = new AtomicInteger();
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
        if (this.schema == null) {
            throw new SchemaRegistryException.RequestRejected("not registered under " + subject, 404, 40403, subject);
        }
        return id;
    }

    @Override
    public Schema schemaById(int requested) {
        fetches.incrementAndGet();
        if (fetchFailuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new SchemaRegistryException.Unavailable("scripted: registry down", null);
        }
        if (requested != id || schema == null) {
            throw new SchemaRegistryException.RequestRejected("no schema " + requested, 404, 40403);
        }
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        latests.incrementAndGet();
        return new RegisteredSchema(id, schema);
    }

    @Override
    public void close() {
    }
}
