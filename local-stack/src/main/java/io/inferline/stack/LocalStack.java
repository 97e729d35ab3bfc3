package io.inferline.stack;

import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole system on one machine: a real Kafka broker and a real schema registry, with
 * inferline's topics provisioned. The launcher ({@code ./inferline up}) starts the apps on top of it;
 * {@code main} here runs the infrastructure alone.
 *
 * <p>Everything lives in one data directory: {@code kraft-logs/} (the broker), {@code registry/}
 * (the schemas) and {@code logs/}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** What the stack writes into its data directory, and so what --reset may delete. */
    private static final List<String> OWN_ENTRIES = List.of("kraft-logs", "registry", "logs", "server.properties", "state", "blobs", "demo");
    /** The status the shutdown hook ends the JVM with: 0 unless main failed (a Ctrl-C is a normal stop). */
    private static volatile int exitStatus;

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Path dataDir;

    private LocalStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, Path dataDir) {
        this.broker = broker;
        this.registry = registry;
        this.dataDir = dataDir;
    }

    /** Checks what can be checked up front, then starts the broker and the registry. */
    public static LocalStack start(StackOptions options) throws IOException, InterruptedException {
        Path registryJar = options.registryJar().map(EmbeddedSchemaRegistry::requireBuilt)
                .orElseGet(EmbeddedSchemaRegistry::jarFromSystemProperty);
        requirePortsFree(options);
        Path dataDir = options.dataDir().toAbsolutePath();
        if (options.reset()) {
            reset(dataDir);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Settings.persistent(dataDir, options.brokerPort(), options.controllerPort()));
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.persistent(
                    registryJar, options.registryPort(), dataDir.resolve("registry"), dataDir.resolve("logs").resolve("registry.log")));
            return new LocalStack(broker, registry, dataDir);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    /** Fails before anything starts, naming every wanted port that is taken and the option that sets it. */
    static void requirePortsFree(StackOptions options) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put("--broker-port", options.brokerPort());
        wanted.put("--controller-port", options.controllerPort());
        wanted.put("--registry-port", options.registryPort());
        List<String> problems = new ArrayList<>();
        Map<Integer, String> seen = new LinkedHashMap<>();
        wanted.forEach((option, port) -> {
            if (port == 0) {
                return;
            }
            String other = seen.putIfAbsent(port, option);
            if (other != null) {
                problems.add("port " + port + " is given to both " + other + " and " + option);
            } else if (!PortAllocator.isFree(port)) {
                problems.add("port " + port + " (" + option + ") is already in use");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems)
                    + ": stop what listens there or choose other ports with those options (0 picks a free one)");
        }
    }

    /**
     * Deletes the data directory, but only one that looks like ours: --reset must never wipe a home directory.
     * Logs nothing (and touches no class that logs), so a launcher can reset before its logging starts.
     */
    public static void reset(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        boolean ours;
        try (Stream<Path> entries = Files.list(dataDir)) {
            ours = entries.allMatch(entry -> OWN_ENTRIES.contains(entry.getFileName().toString()));
        }
        if (!ours) {
            throw new IllegalStateException("--reset refuses to delete " + dataDir + ": it holds files the local stack"
                    + " did not write; delete it yourself or choose another --data-dir");
        }
        Directories.deleteRecursively(dataDir);
    }

    public ProvisioningReport provisionTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<Topic<?, ?>> topics = new ArrayList<>(TopicRegistry.standard().all());
            topics.add(RoundTripCheck.SMOKE_TOPIC);
            return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(topics);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    long brokerPid() {
        return broker.pid();
    }

    long registryPid() {
        return registry.pid();
    }

    /** The block printed once everything is up: what listens where, and where its files are. */
    public String describe() {
        return String.join(System.lineSeparator(),
                "inferline local stack is up",
                "  Kafka bootstrap servers  " + broker.bootstrapServers() + "   (KRaft, pid " + broker.pid() + ")",
                "  schema registry          " + registry.url() + "   (Confluent API, pid " + registry.pid() + ")",
                "  data directory           " + dataDir + "   (kept across restarts; --reset starts empty)",
                "  broker log               " + broker.logFile(),
                "  registry log             " + registry.logFile());
    }

    /**
     * For an owner with its own shutdown hook that closes this stack after its apps: the children's own exit hooks,
     * which the JVM would run at the same time as the owner's and so stop the broker under the closing apps, are removed.
     */
    public void leaveExitToOwner() {
        registry.leaveExitToOwner();
        broker.leaveExitToOwner();
    }

    /** Stops the registry, then the broker, each with SIGTERM and a kill after {@code grace}. */
    public void close(Duration grace) {
        registry.close(grace);
        broker.close(grace);
    }

    @Override
    public void close() {
        close(STOP_GRACE);
    }

    /** Runs until Ctrl-C; exit code 0 on a normal stop, 1 when the stack could not start, 2 on bad options. */
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
        int status;
        try {
            status = run(options);
        } catch (InterruptedException e) {
            status = 1;
        } catch (Exception | LinkageError e) {
            System.err.println("inferline up: could not start the local stack: " + oneLine(e));
            status = 1;
        }
        exitStatus = status;
        System.exit(status);
    }

    private static int run(StackOptions options) throws IOException, InterruptedException {
        System.out.println("starting Kafka and the schema registry (data in " + options.dataDir().toAbsolutePath() + ") ...");
        LocalStack stack = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("stopping the local stack ...");
                stack.close();
                System.out.println("stopped: the broker and the registry have exited");
            } finally {
                stopped.countDown();
                // Ctrl-C would otherwise end the JVM with 130: stopping on Ctrl-C is the normal way out.
                // Both children have exited by now, so nothing is cut short.
                Runtime.getRuntime().halt(exitStatus);
            }
        }, "local-stack-shutdown"));
        ProvisioningReport report = stack.provisionTopics();
        System.out.println("topics: " + report.summary());
        Duration roundTrip = RoundTripCheck.run(stack.bootstrapServers(), stack.registryUrl(), Duration.ofSeconds(60));
        System.out.println(stack.describe());
        System.out.println("round trip ok: an Avro InferenceRequest, schema registered, written in a transaction and read"
                + " back equal with read_committed, in " + roundTrip.toMillis() + " ms");
        if (options.once()) {
            return 0;   // main's System.exit runs the hook, which stops everything
        }
        System.out.println("press Ctrl-C to stop");
        stopped.await();
        return 0;
    }

    /** The first line of an error (its details, such as a child's last log lines, are in the log file it names). */
    public static String oneLine(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
