package io.inferline.testkit;

import org.testcontainers.kafka.KafkaContainer;

/**
 * A containerised Apache Kafka broker (Testcontainers) with the forked schema registry beside it.
 * Used only where a Docker engine runs; tests using it are annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} so they are reported skipped elsewhere.
 */
public final class ContainerKafkaCluster implements KafkaCluster, AutoCloseable {

    public static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container;
    private final String registryUrl;

    public ContainerKafkaCluster() {
        this.container = new KafkaContainer(IMAGE);
        container.start();
        this.registryUrl = KafkaStack.shared().schemaRegistryUrl();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registryUrl;
    }

    @Override
    public void close() {
        container.stop();
    }
}
