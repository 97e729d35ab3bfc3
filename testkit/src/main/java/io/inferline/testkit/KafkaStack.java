package io.inferline.testkit;

import io.inferline.stack.EmbeddedKafkaBroker;
import io.inferline.stack.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker (KRaft, forked JVM) and one real schema registry (Apicurio, Confluent API,
 * in memory) shared by every integration test of a test JVM: started on first use, stopped when
 * the JVM exits. Tests isolate themselves with unique topic, group and application ids
 * ({@link #uniqueName(String)}).
 *
 * <pre>{@code
 * KafkaStack kafka = KafkaStack.shared();
 * String topic = KafkaStack.uniqueName("orders");
 * try (Admin admin = kafka.admin()) { ... }
 * new KafkaProducer<>(kafka.producerProps(), ...);
 * }</pre>
 */
public final class KafkaStack implements KafkaCluster {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final AtomicInteger STARTS = new AtomicInteger();

    private static KafkaStack shared;
    private static Throwable startFailure;

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private KafkaStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * The stack of this JVM, started on first call (about 5 s for the broker and 5 s for the
     * registry). If it could not start, every later call fails at once with the same error rather
     * than trying again in each test class.
     */
    public static synchronized KafkaStack shared() {
        if (startFailure != null) {
            throw new IllegalStateException("the shared test Kafka stack failed to start earlier: "
                    + startFailure.getMessage(), startFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException | Error e) {
                startFailure = e;
                throw e;
            }
            KafkaStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "kafka-stack-stop"));
        }
        return shared;
    }

    /** {@code <prefix>-<8 hex chars>}: a topic, group or application id no other test uses. */
    public static String uniqueName(String prefix) {
        return TestNames.unique(prefix);
    }

    /** How many stacks this JVM has started: 1 once any test used it, whatever the number of test classes. */
    static int startsInThisJvm() {
        return STARTS.get();
    }

    private static KafkaStack start() {
        STARTS.incrementAndGet();
        try {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.forTests());
            try {
                // beside the broker's log, in its temp data directory: removed with it when the JVM exits
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory(
                        EmbeddedSchemaRegistry.jarFromSystemProperty(), broker.logFile().resolveSibling("registry.log")));
                return new KafkaStack(broker, registry);
            } catch (IOException | RuntimeException | Error e) {
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
        registry.close(STOP_GRACE);
        broker.close(STOP_GRACE);
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
