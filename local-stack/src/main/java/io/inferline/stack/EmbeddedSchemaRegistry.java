package io.inferline.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry speaking the Confluent Schema Registry API: Apicurio Registry 2.4.2
 * (packaged by the {@code local-registry} module) in a child JVM, bound to loopback.
 *
 * <p>Storage is Apicurio's H2 database: in memory for tests (schemas vanish on close, which is fine:
 * serializers register their schemas again on first use), or in a file for the local stack. The
 * local stack keeps its broker data across restarts, and records in those topics carry schema ids:
 * an in-memory registry would forget them, or hand the same ids to other schemas, on the next start.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(20);
    /** What builds the jar, for error messages. */
    static final String BUILD_COMMAND = "./mvnw -B -DskipTests -pl local-registry package";

    /** System property naming the packaged registry jar. */
    public static final String JAR_PROPERTY = "inferline.registry.jar";
    /** Where Apicurio serves the Confluent-compatible API. */
    public static final String API_PATH = "/apis/ccompat/v7";

    /**
     * How to start the registry.
     *
     * @param jar          the packaged registry, {@code local-registry/target/local-registry-runner.jar}
     * @param port         HTTP port, 0 for a free one
     * @param storageDir   where the schemas are kept across restarts; empty for in-memory storage
     * @param logFile      where the registry's output goes
     * @param startTimeout how long start-up may take before it fails
     */
    public record Settings(Path jar, int port, Optional<Path> storageDir, Path logFile, Duration startTimeout) {

        /** A throw-away registry on a free port, for tests. */
        public static Settings inMemory(Path jar, Path logFile) {
            return new Settings(jar, 0, Optional.empty(), logFile, Duration.ofSeconds(180));
        }

        /** A registry whose schemas (and their ids) survive restarts. */
        public static Settings persistent(Path jar, int port, Path storageDir, Path logFile) {
            return new Settings(jar, port, Optional.of(storageDir), logFile, Duration.ofSeconds(180));
        }
    }

    private final ChildProcess process;
    private final int port;

    private EmbeddedSchemaRegistry(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The registry jar named by {@value #JAR_PROPERTY}, with a clear error if it is not built. */
    public static Path jarFromSystemProperty() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || jar.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: set it to"
                    + " local-registry/target/local-registry-runner.jar (build that with " + BUILD_COMMAND + ")");
        }
        return requireBuilt(Path.of(jar));
    }

    /** {@code jar}, or a clear error naming the build command if it does not exist. */
    public static Path requireBuilt(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the schema registry is not built: " + jar + " (named by " + JAR_PROPERTY
                    + " or --registry-jar) is missing; build it with " + BUILD_COMMAND);
        }
        return jar;
    }

    /**
     * Starts the registry, waits until it answers, and sets its global compatibility to BACKWARD
     * (Apicurio's default is NONE, Confluent's is BACKWARD).
     */
    public static EmbeddedSchemaRegistry start(Settings settings) throws IOException, InterruptedException {
        long started = System.nanoTime();
        requireBuilt(settings.jar());
        int chosen = PortAllocator.claim(settings.port(), "schema registry");
        ChildProcess process = ChildProcess.start("schema-registry", command(settings.jar(), chosen), settings.logFile(),
                environment(settings.storageDir()));
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(process, chosen);
        try {
            registry.awaitReady(settings.startTimeout());
            registry.setGlobalCompatibility("BACKWARD");
        } catch (RuntimeException | InterruptedException | IOException e) {
            registry.close();
            throw e;
        }
        LOG.info("schema registry ready at {} in {} ms (pid {})", registry.url(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), process.pid());
        return registry;
    }

    /** The child's command line: small heap, C1 only (it starts faster), loopback only, a 2-connection pool. */
    static List<String> command(Path jar, int port) {
        return List.of(ChildProcess.javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.min-size=2", "-Dquarkus.datasource.jdbc.initial-size=2",
                "-jar", jar.toAbsolutePath().toString());
    }

    static Map<String, String> environment(Optional<Path> storageDir) {
        Map<String, String> env = new LinkedHashMap<>();
        // Not ENABLE_CCOMPAT_CANONICAL_HASH_MODE: in 2.4.2 it stores and serves the schema with its record
        // fields sorted by name, so a reader fetching the writer's schema by id decodes garbage.
        // Apicurio's in-memory store is H2 at jdbc:h2:mem:...; the same store in a file persists
        storageDir.ifPresent(dir -> env.put("REGISTRY_DATASOURCE_URL",
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry")));
        return env;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw startFailure("exited during start-up with code " + process.exitValue());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("did not answer within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** One line saying what happened and where the log is, then the log's last lines. */
    private IllegalStateException startFailure(String what) {
        return new IllegalStateException("the schema registry " + what + " (see " + process.log() + ")"
                + System.lineSeparator() + "last log lines:" + System.lineSeparator() + process.tail(40));
    }

    private void setGlobalCompatibility(String level) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/config"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("setting the registry's compatibility to " + level + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }

    /** The Confluent-API base URL, for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + API_PATH;
    }

    public Path logFile() {
        return process.log();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then a kill if it has not exited within {@code grace}. */
    public void close(Duration grace) {
        process.close(grace);
    }

    @Override
    public void close() {
        close(DEFAULT_STOP_GRACE);
    }

    /** See {@link ChildProcess#leaveExitToOwner}. */
    void leaveExitToOwner() {
        process.leaveExitToOwner();
    }
}
