package io.inferline.testkit;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * A running Kafka cluster and schema registry that integration tests can use: the forked broker
 * of {@link KafkaStack}, or a container ({@link ContainerKafkaCluster}) where Docker runs. A suite
 * written against this interface runs on both.
 */
public interface KafkaCluster {

    /** {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Base URL of the Confluent-API schema registry, for {@code schema.registry.url}. */
    String schemaRegistryUrl();

    /** A new Admin client; the caller closes it. */
    default Admin admin() {
        return Admin.create(ClientProps.admin(this));
    }

    /** An idempotent, {@code acks=all} producer's configuration; add serializers. */
    default Properties producerProps() {
        return ClientProps.producer(this, null);
    }

    /** A transactional producer's configuration; use a {@link KafkaStack#uniqueName(String) unique} id per test. */
    default Properties transactionalProducerProps(String transactionalId) {
        return ClientProps.producer(this, transactionalId);
    }

    /** A consumer of {@code groupId} from the earliest offset, without auto-commit. */
    default Properties consumerProps(String groupId, boolean readCommitted) {
        return ClientProps.consumer(this, groupId, readCommitted);
    }

    /** Serde configuration pointing at this cluster's registry. */
    default Map<String, Object> serdeConfig() {
        return ClientProps.serde(this);
    }
}
