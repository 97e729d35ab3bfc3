package io.inferline.stack;

import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole system on one machine: a real Kafka broker and a real schema registry, with
 * inferline's topics provisioned. Later parts of the pipeline (router, workers, billing, simulators)
 * start here as they land.
 */
public final class LocalStack implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private LocalStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    static LocalStack start(StackOptions options) throws Exception {
        Path registryJar = options.registryJar().map(EmbeddedSchemaRegistry::requireBuilt)
                .orElseGet(EmbeddedSchemaRegistry::jarFromSystemProperty);
        if (options.reset()) {
            EmbeddedKafkaBroker.deleteRecursively(options.dataDir());
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(options.dataDir(), false,
                options.brokerPort(), options.controllerPort(), "1g", Duration.ofSeconds(120)));
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(registryJar, options.registryPort(),
                    options.dataDir().toAbsolutePath().resolve("logs").resolve("registry.log"), Duration.ofSeconds(180));
            return new LocalStack(broker, registry);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    ProvisioningReport provisionTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<io.inferline.schemas.topic.Topic<?, ?>> topics = new ArrayList<>(TopicRegistry.standard().all());
            topics.add(RoundTripCheck.SMOKE_TOPIC);
            return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(topics);
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    long brokerPid() {
        return broker.pid();
    }

    String describe() {
        return String.join(System.lineSeparator(),
                "inferline local stack is up",
                "  Kafka bootstrap servers  " + broker.bootstrapServers() + "   (KRaft, pid " + broker.pid() + ")",
                "  schema registry          " + registry.url() + "   (Confluent API, pid " + registry.pid() + ")",
                "  data directory           " + broker.dataDir().toAbsolutePath(),
                "  broker log               " + broker.logFile(),
                "  registry log             " + registry.logFile());
    }

    @Override
    public void close() {
        registry.close();
        broker.close();
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("inferline up: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        try {
            System.exit(run(options));
        } catch (Exception e) {
            System.err.println("inferline up: could not start the local stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(StackOptions options) throws Exception {
        System.out.println("starting Kafka and the schema registry (data in " + options.dataDir().toAbsolutePath() + ") ...");
        LocalStack stack = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            System.out.println("stopped: nothing of the local stack is running");
            stopped.countDown();
        }, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        ProvisioningReport report = stack.provisionTopics();
        System.out.println("topics: " + report.summary());
        Duration roundTrip = RoundTripCheck.run(stack.bootstrapServers(), stack.registryUrl(), Duration.ofSeconds(60));
        System.out.println(stack.describe());
        System.out.println("round trip ok: an Avro InferenceRequest, schema registered, written in a transaction and read"
                + " back equal with read_committed, in " + roundTrip.toMillis() + " ms");
        if (options.once()) {
            return 0;   // the shutdown hook stops everything
        }
        System.out.println("press Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
