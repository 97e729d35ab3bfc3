package io.inferline.testkit;

/** A running Kafka cluster and schema registry that integration tests can use. */
public interface KafkaCluster {

    String bootstrapServers();

    /** Base URL of the Confluent-API schema registry, for {@code schema.registry.url}. */
    String schemaRegistryUrl();
}
