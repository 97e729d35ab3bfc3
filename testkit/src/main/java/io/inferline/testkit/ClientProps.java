package io.inferline.testkit;

import io.inferline.schemas.serde.AvroSerdeConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Client configurations for a {@link KafkaCluster}, as the apps themselves would set them. */
public final class ClientProps {
    private ClientProps() {
    }

    public static Properties admin(KafkaCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return props;
    }

    /** An idempotent producer; pass a transactional id for transactions, or null. */
    public static Properties producer(KafkaCluster cluster, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return props;
    }

    /** A consumer of a fresh group from the earliest offset. */
    public static Properties consumer(KafkaCluster cluster, String groupId, boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        return props;
    }

    /** Serde configuration pointing at the cluster's registry. */
    public static Map<String, Object> serde(KafkaCluster cluster) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, cluster.schemaRegistryUrl());
    }
}
