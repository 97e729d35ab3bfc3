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

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running the
 * {@code kafka.Kafka} main of the classpath in a child JVM. Configured so transactions and
 * exactly-once work on one node. Its logs go to {@code <dataDir>/logs/broker.log}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /**
     * How to start the broker.
     *
     * @param dataDir       where the log segments live; a formatted directory is reused as it is
     * @param deleteOnClose remove {@code dataDir} on close (tests), or keep it (local stack)
     * @param port          client port, 0 for a free one
     * @param maxHeap       the child's -Xmx, e.g. 512m
     */
    public record Settings(Path dataDir, boolean deleteOnClose, int port, int controllerPort, String maxHeap,
                           Duration startTimeout) {

        /** A throw-away broker on free ports, for tests. */
        public static Settings forTests() {
            try {
                return new Settings(Files.createTempDirectory("inferline-kafka"), true, 0, 0, "512m", Duration.ofSeconds(120));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

    /** Formats the data directory if needed, starts the broker and waits until it answers. */
    public static EmbeddedKafkaBroker start(Settings settings) throws IOException, InterruptedException {
        Path dataDir = settings.dataDir().toAbsolutePath();
        int port = PortAllocator.claim(settings.port(), "Kafka broker");
        int controllerPort = PortAllocator.claim(settings.controllerPort(), "Kafka controller");
        Path config = writeServerProperties(dataDir, port, controllerPort);
        Path logConfig = writeLogConfig(dataDir);
        List<String> jvm = List.of(ChildProcess.javaExecutable(), "-Xms128m", "-Xmx" + settings.maxHeap(),
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logConfig, "-Dlog4j2.configurationFile=" + logConfig.resolveSibling("log4j2.properties"),
                "-cp", System.getProperty("java.class.path"));
        Path log = dataDir.resolve("logs").resolve("broker.log");
        if (!Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
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
        return broker;
    }

    private static void format(List<String> jvm, Path config, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"));
        ChildProcess formatter = ChildProcess.start("kafka-storage-format", command, log, Map.of());
        if (!formatter.waitFor(Duration.ofSeconds(120))) {
            formatter.stop(Duration.ZERO);
            throw new IllegalStateException("formatting the Kafka data directory timed out; see " + log);
        }
        formatter.close();
        if (formatter.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed; last log lines:\n" + formatter.tail(20));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // wait for the listener first: an Admin client polling a closed port logs a warning per try
        while (!PortAllocator.isListening(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited during start-up; last log lines:\n" + process.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not listen on port " + port + " within " + timeout
                        + "; last log lines:\n" + process.tail(40));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited during start-up; last log lines:\n" + process.tail(40));
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Kafka broker did not answer within " + timeout
                                + "; last log lines:\n" + process.tail(40));
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        }
    }

    private static Path writeServerProperties(Path dataDir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dataDir);
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
        // one node: every internal topic has one replica, so transactions and EOS work
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // two cores: keep the thread count small
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        Path file = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            p.store(writer, "written by inferline's EmbeddedKafkaBroker on every start");
        }
        return file;
    }

    private static Path writeLogConfig(Path dataDir) throws IOException {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        // the broker logs through SLF4J (logback here) and partly through log4j2: both go to stdout,
        // which the launcher sends to logs/broker.log
        Files.writeString(logs.resolve("log4j2.properties"), String.join("\n",
                "appender.out.type = Console", "appender.out.name = OUT", "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n", "rootLogger.level = WARN",
                "rootLogger.appenderRef.out.ref = OUT", ""));
        Path logback = logs.resolve("logback-broker.xml");
        Files.writeString(logback, String.join("\n",
                "<configuration>",
                "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>[%d] %level %msg \\(%logger\\)%n</pattern></encoder>",
                "  </appender>",
                "  <logger name=\"kafka\" level=\"INFO\"/>",
                "  <logger name=\"state.change.logger\" level=\"WARN\"/>",
                "  <logger name=\"kafka.request.logger\" level=\"WARN\"/>",
                "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>",
                "</configuration>", ""));
        return logback;
    }

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

    /** Stops the broker (a controlled shutdown) and, for test brokers, removes its data. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
        if (settings.deleteOnClose()) {
            deleteRecursively(settings.dataDir());
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
