package io.inferline.workers.it;

import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.testkit.Await;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic from the start with read_committed, as a client of the product would, and keeps every record. */
final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<V> values;
    private final List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>();
    private final List<V> read = new ArrayList<>();
    private Runnable diagnostics = () -> { };

    TopicReader(KafkaCluster kafka, Topic<?, V> topic, Map<String, ?> serdeConfig) {
        this.consumer = new KafkaConsumer<>(ClientProps.consumer(kafka, "unused", true), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.values = topic.valueType() == byte[].class ? null : TopicSerdes.valueSerde(topic, serdeConfig).deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until at least {@code count} records are in, or fails after {@code timeout}. */
    List<V> awaitAtLeast(int count, Duration timeout) {
        try {
            Await.until(timeout, count + " records", () -> {
                pollOnce();
                return read.size() >= count;
            });
        } catch (AssertionError e) {
            diagnostics.run();
            printThreads(); // a stalled worker is found by where its loop thread waits
            throw new AssertionError(e.getMessage() + " (have " + read.size() + ")", e);
        }
        return List.copyOf(read);
    }

    /** Also printed when a wait times out, e.g. what the simulators saw. */
    TopicReader<V> onTimeout(Runnable printer) {
        Runnable before = diagnostics;
        this.diagnostics = () -> {
            before.run();
            printer.run();
        };
        return this;
    }

    private static void printThreads() {
        StringBuilder dump = new StringBuilder("[threads at the time-out]\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.getName().startsWith("kafka-producer-network-thread")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        System.out.println(dump);
    }

    /** Reads what is there now (and whatever arrives in {@code settle}): to check nothing more came. */
    List<V> drain(Duration settle) {
        long until = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < until) {
            pollOnce();
        }
        return List.copyOf(read);
    }

    List<ConsumerRecord<byte[], byte[]>> rawRecords() {
        return List.copyOf(raw);
    }

    @SuppressWarnings("unchecked")
    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            raw.add(record);
            read.add(values == null ? (V) record.value() : values.deserialize(record.topic(), record.headers(), record.value()));
        }
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
