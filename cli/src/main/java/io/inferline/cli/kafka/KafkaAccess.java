package io.inferline.cli.kafka;

import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.GlobalOptions;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The CLI's clients of the cluster and the registry. Producers and consumers move raw bytes; values
 * are encoded and decoded by the topic's serde here, so one bad record can be reported instead of
 * failing a whole read. Consumers are assigned partitions (no group, nothing committed), read_committed.
 */
public final class KafkaAccess {

    /** How long the first contact with the cluster may take before the user is told it is not there. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final GlobalOptions options;
    private final TopicRegistry topics;

    public KafkaAccess(GlobalOptions options) {
        this.options = options;
        try {
            this.topics = TopicRegistry.standard().withPrefix(options.topicPrefix());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("invalid --topic-prefix '" + options.topicPrefix() + "': " + e.getMessage());
        }
    }

    public TopicRegistry topics() {
        return topics;
    }

    public String bootstrapServers() {
        return options.bootstrapServers();
    }

    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, options.schemaRegistryUrl());
        config.put(AvroSerdeConfig.MAX_RETRIES_CONFIG, 2);
        config.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    public <V> Serializer<V> valueSerializer(Topic<?, V> topic) {
        return TopicSerdes.valueSerde(topic, serdeConfig()).serializer();
    }

    public <V> Deserializer<V> valueDeserializer(Topic<?, V> topic) {
        return TopicSerdes.valueSerde(topic, serdeConfig()).deserializer();
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "inferline-cli");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    /**
     * Fails with {@link ExitCode#UNAVAILABLE} when the cluster does not answer, or when one of {@code required}
     * does not exist; the message says how to fix it.
     */
    public void requireTopics(Collection<String> required) {
        try (Admin admin = admin()) {
            try {
                admin.describeCluster().clusterId().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw unreachable(e);
            }
            for (String topic : required) {
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new CliException(ExitCode.UNAVAILABLE, "topic " + topic + " does not exist on " + options.bootstrapServers()
                                + ": provision the topics (./inferline up does) or check --topic-prefix");
                    }
                    throw unreachable(e);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw unreachable(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted while contacting Kafka", e);
        }
    }

    public void requireTopics(String... required) {
        requireTopics(List.of(required));
    }

    private CliException unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new CliException(ExitCode.UNAVAILABLE, "cannot reach Kafka at " + options.bootstrapServers() + " (no answer within "
                + CONNECT_TIMEOUT.toSeconds() + " s" + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "): start the local stack with ./inferline up, or pass --bootstrap-servers", e);
    }

    /** A producer of raw bytes, acks=all and idempotent; transactional when {@code transactionalId} is not null. */
    public KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "inferline-cli");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // a big job is one transaction; an interrupted one is aborted by the broker after this
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer of raw bytes without a group: partitions are assigned, offsets never committed. read_committed. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "inferline-cli");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis() * 3);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
