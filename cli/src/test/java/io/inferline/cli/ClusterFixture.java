package io.inferline.cli;

import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.KafkaStack;
import io.inferline.testkit.TestNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the CLI ITs share: the real broker and registry of the testkit, the topics of one test under a
 * prefix of its own, and a CLI whose environment points at them.
 */
final class ClusterFixture {

    final KafkaStack kafka = KafkaStack.shared();
    final TopicRegistry topics;
    final String account = TestNames.unique("acct");

    ClusterFixture() {
        topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(3).withRequestPartitions(2);
        try (Admin admin = Admin.create(ClientProps.admin(kafka))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(60)).provision(topics.all(List.of("openai")))
                    .requireConforming();
        }
    }

    /** The CLI with this cluster, registry and prefix in its environment, billing at {@code billingUrl}. */
    CliRunner cli(String billingUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("INFERLINE_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("INFERLINE_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl());
        env.put("INFERLINE_TOPIC_PREFIX", topics.prefix());
        env.put("INFERLINE_ACCOUNT", account);
        env.put("INFERLINE_BILLING_URL", billingUrl);
        return new CliRunner(env);
    }

    /** A billing URL nobody listens on: the commands take their slow paths. */
    static String nobodyListening() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        return new KafkaProducer<>(ClientProps.producer(kafka, null), new StringSerializer(),
                TopicSerdes.valueSerde(topic, kafka.serdeConfig()).serializer());
    }

    <V> void send(Topic<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> producer = producer(topic)) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of {@code topic} up to its current end, as a reader with {@code isolation} sees it. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(kafka, TestNames.unique("it"), readCommitted),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    <V> List<V> values(Topic<String, V> topic) {
        var deserializer = TopicSerdes.valueSerde(topic, kafka.serdeConfig()).deserializer();
        return readAll(topic.name(), true).stream().map(r -> deserializer.deserialize(topic.name(), r.headers(), r.value())).toList();
    }
}
