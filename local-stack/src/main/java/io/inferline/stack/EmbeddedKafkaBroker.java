package io.inferline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running the
 * {@code kafka.Kafka} main of the classpath in a child JVM. Configured so transactions and
 * exactly-once work on one node. Its logs go to {@code <dataDir>/logs/broker.log}.
 *
 * <p>The child runs on this JVM's {@code java.class.path}, which holds the broker when this module
 * is on it (tests, and the launcher started with {@code local-stack/target/lib/*}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

    /**
     * How to start the broker.
     *
     * @param dataDir        where the log segments and the broker's log file live; a formatted
     *                       directory is reused as it is
     * @param deleteOnClose  remove {@code dataDir} on close (tests), or keep it (local stack)
     * @param port           client port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one
     * @param maxHeap        the child's -Xmx, e.g. 512m
     * @param startTimeout   how long start-up may take before it fails
     */
    public record Settings(Path dataDir, boolean deleteOnClose, int port, int controllerPort, String maxHeap,
                           Duration startTimeout) {

        /** A throw-away broker on free ports in a temp directory, with a test-sized heap. */
        public static Settings forTests() {
            try {
                return new Settings(Files.createTempDirectory("inferline-kafka"), true, 0, 0, "512m", Duration.ofSeconds(120));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A broker whose data survives restarts, on the given ports. */
        public static Settings persistent(Path dataDir, int port, int controllerPort) {
            return new Settings(dataDir, false, port, controllerPort, "1g", Duration.ofSeconds(120));
        }
    }

    private final Settings settings;
    private final ChildProcess process;
    private final int port;

    private EmbeddedKafkaBroker(Settings settings, ChildProcess process, int port) {
        this.settings = settings;
        this.process = process;
        this.port = port;
    }

    /** Formats the data directory if it is not yet, starts the broker and waits until it answers. */
    public static EmbeddedKafkaBroker start(Settings settings) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path dataDir = settings.dataDir().toAbsolutePath();
        int port = PortAllocator.claim(settings.port(), "Kafka broker");
        int controllerPort = PortAllocator.claim(settings.controllerPort(), "Kafka controller");
        Files.createDirectories(dataDir.resolve("logs"));
        Path config = write(dataDir.resolve("server.properties"), serverProperties(dataDir, port, controllerPort));
        Path logback = Files.writeString(dataDir.resolve("logs").resolve("logback-broker.xml"), LOGBACK_CONFIG);
        Path log4j2 = Files.writeString(dataDir.resolve("logs").resolve("log4j2.properties"), LOG4J2_CONFIG);
        List<String> jvm = List.of(ChildProcess.javaExecutable(), "-Xms128m", "-Xmx" + settings.maxHeap(),
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logback, "-Dlog4j2.configurationFile=" + log4j2,
                "-cp", System.getProperty("java.class.path"));
        Path log = dataDir.resolve("logs").resolve("broker.log");
        boolean formatted = Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"));
        if (!formatted) {
            format(jvm, config, log);
        }
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.Kafka", config.toString()));
        ChildProcess process = ChildProcess.start("kafka-broker", command, log, Map.of());
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings, process, port);
        try {
            broker.awaitReady(settings.startTimeout());
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        LOG.info("Kafka broker ready on {} in {} ms ({} data directory {}, pid {})", broker.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), formatted ? "reused" : "new", dataDir, process.pid());
        return broker;
    }

    private static void format(List<String> jvm, Path config, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"));
        ChildProcess formatter = ChildProcess.start("kafka-storage-format", command, log, Map.of());
        if (!formatter.waitFor(Duration.ofSeconds(120))) {
            formatter.close(Duration.ZERO);
            throw new IllegalStateException("formatting the Kafka data directory timed out (see " + log + ")");
        }
        formatter.close();
        if (formatter.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed (see " + log + ")"
                    + System.lineSeparator() + "last log lines:" + System.lineSeparator() + formatter.tail(20));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // wait for the listener first: an Admin client polling a closed port logs a warning per try
        while (!PortAllocator.isListening(port)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw startFailure("did not listen on port " + port + " within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                checkAlive();
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw startFailure("did not answer within " + timeout);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw startFailure("exited during start-up with code " + process.exitValue());
        }
    }

    /** One line saying what happened and where the log is, then the log's last lines. */
    private IllegalStateException startFailure(String what) {
        return new IllegalStateException("the Kafka broker " + what + " (see " + process.log() + ")"
                + System.lineSeparator() + "last log lines:" + System.lineSeparator() + process.tail(40));
    }

    /** The broker's configuration: one combined broker and controller, every internal topic with one replica. */
    static Properties serverProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        // one node: the offsets and transaction-state topics must fit on it, or transactions and EOS never start
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // one partition each: the first consumer group and the first transaction are ready sooner
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("num.partitions", "1");
        // no 3 s wait before a group's first rebalance
        p.put("group.initial.rebalance.delay.ms", "0");
        // small machines: keep the thread count small
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    private static Path write(Path file, Properties properties) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "written by inferline's EmbeddedKafkaBroker on every start");
        }
        return file;
    }

    /*
     * The child's SLF4J binding is logback (the parent pom puts it on every classpath), so the broker
     * logs through this file; Kafka also drives log4j2 directly (its log-level MBean), which gets a
     * quiet config of its own. Both write to stdout, which ChildProcess sends to logs/broker.log.
     */
    static final String LOGBACK_CONFIG = String.join("\n",
            "<configuration>",
            "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>[%d] %level %msg \\(%logger\\)%n</pattern></encoder>",
            "  </appender>",
            "  <logger name=\"kafka\" level=\"INFO\"/>",
            "  <!-- one line per partition and state change: thousands with the standard topics -->",
            "  <logger name=\"kafka.cluster.Partition\" level=\"WARN\"/>",
            "  <logger name=\"state.change.logger\" level=\"WARN\"/>",
            "  <logger name=\"kafka.request.logger\" level=\"WARN\"/>",
            "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>",
            "</configuration>", "");

    static final String LOG4J2_CONFIG = String.join("\n",
            "status = warn",
            "appender.out.type = Console", "appender.out.name = OUT", "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n", "rootLogger.level = WARN",
            "rootLogger.appenderRef.out.ref = OUT", "");

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.log();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Stops the broker: SIGTERM (a controlled shutdown), a kill if it has not exited within
     * {@code grace}; then, for test brokers, removes the data directory.
     */
    public void close(Duration grace) {
        process.close(grace);
        if (settings.deleteOnClose()) {
            deleteRecursively(settings.dataDir());
        }
    }

    @Override
    public void close() {
        close(DEFAULT_STOP_GRACE);
    }

    static void deleteRecursively(Path dir) {
        Directories.deleteRecursively(dir);
    }

    /** See {@link ChildProcess#leaveExitToOwner}. */
    void leaveExitToOwner() {
        process.leaveExitToOwner();
    }
}
