package io.inferline.router.catalog;

import io.inferline.avro.CatalogEntry;
import io.inferline.schemas.topic.Topic;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a catalog file to the compacted model-catalog topic. Routers read that topic as a
 * table, so a changed price, alias or enabled flag applies live; publishing the same file again
 * changes nothing a router sees.
 */
public final class CatalogPublisher {
    private CatalogPublisher() {
    }

    /** Sends every entry and waits until all are acknowledged; returns how many were sent. */
    public static int publish(CatalogFile catalog, Topic<String, CatalogEntry> topic, KafkaProducer<String, CatalogEntry> producer)
            throws InterruptedException {
        var sends = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (Map.Entry<String, CatalogEntry> entry : catalog.entries().entrySet()) {
            sends.add(producer.send(new ProducerRecord<>(topic.name(), entry.getKey(), entry.getValue())));
        }
        producer.flush();
        for (var send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing the catalog to " + topic.name() + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return sends.size();
    }
}
