package io.inferline.stack;

import io.inferline.avro.Input;
import io.inferline.avro.InferenceRequest;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.CleanupPolicy;
import io.inferline.schemas.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Proves the stack works end to end: an Avro request, its schema registered in the registry,
 * written in a Kafka transaction and read back equal by a {@code read_committed} consumer whose
 * deserializer fetched the schema from the registry.
 */
final class RoundTripCheck {

    static final Topic<String, InferenceRequest> SMOKE_TOPIC = new Topic<>("local-stack-smoke", String.class,
            InferenceRequest.class, 1, CleanupPolicy.DELETE, Optional.of(Duration.ofHours(1)));

    private RoundTripCheck() {
    }

    /** Runs the check; returns how long it took, or throws saying what failed. */
    static Duration run(String bootstrapServers, String registryUrl, Duration timeout) {
        long started = System.nanoTime();
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        Serde<InferenceRequest> writing = TopicSerdes.valueSerde(SMOKE_TOPIC, serdeConfig);
        // a serde of its own for reading: it must fetch the writer's schema from the registry by id
        Serde<InferenceRequest> reading = TopicSerdes.valueSerde(SMOKE_TOPIC, serdeConfig);
        InferenceRequest sent = InferenceRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAccountId("local-stack")
                .setModel("workers-ai/@cf/meta/llama-3.1-8b-instruct")
                .setInput(Input.newBuilder().setPrompt("What is Kafka?").build())
                .setCreatedAt(Instant.now())
                .build();
        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(producerProps(bootstrapServers),
                new org.apache.kafka.common.serialization.StringSerializer(),
                writing.serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(SMOKE_TOPIC.name(), sent.getAccountId(), sent));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, InferenceRequest> consumer = new KafkaConsumer<>(consumerProps(bootstrapServers),
                new org.apache.kafka.common.serialization.StringDeserializer(), reading.deserializer())) {
            consumer.subscribe(List.of(SMOKE_TOPIC.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, InferenceRequest> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getRequestId().equals(sent.getRequestId())) {
                        if (!record.value().equals(sent)) {
                            throw new IllegalStateException("round trip changed the record: sent " + sent + ", read " + record.value());
                        }
                        return Duration.ofNanos(System.nanoTime() - started);
                    }
                }
            }
        }
        throw new IllegalStateException("the record written to " + SMOKE_TOPIC.name() + " was not read back within " + timeout);
    }

    private static Properties producerProps(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-stack-smoke-" + UUID.randomUUID());
        return props;
    }

    private static Properties consumerProps(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-smoke-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
