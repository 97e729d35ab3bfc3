package io.inferline.testkit;

import io.inferline.stack.EmbeddedKafkaBroker;
import io.inferline.stack.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Kafka broker (KRaft, forked JVM) and one real schema registry (Apicurio, Confluent API)
 * shared by every integration test of a test JVM: started on first use, stopped when the JVM exits.
 * Tests isolate themselves with unique topic, group and application ids ({@link TestNames}).
 */
public final class KafkaStack implements KafkaCluster {

    private static volatile KafkaStack shared;

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private KafkaStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** The stack of this JVM, started on first call. */
    public static KafkaStack shared() {
        KafkaStack stack = shared;
        if (stack == null) {
            synchronized (KafkaStack.class) {
                if (shared == null) {
                    shared = start();
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kafka-stack-stop"));
                }
                stack = shared;
            }
        }
        return stack;
    }

    private static KafkaStack start() {
        try {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.forTests());
            try {
                Path log = Files.createTempFile("inferline-registry", ".log");
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.jarFromSystemProperty(),
                        0, log, Duration.ofSeconds(180));
                return new KafkaStack(broker, registry);
            } catch (IOException | RuntimeException e) {
                broker.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test Kafka stack", e);
        }
    }

    private void stop() {
        registry.close();
        broker.close();
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }
}
