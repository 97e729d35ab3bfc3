package io.inferline.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real schema registry speaking the Confluent Schema Registry API: Apicurio Registry 2.4.2
 * (packaged by the {@code local-registry} module) in a child JVM, bound to loopback. Its storage is
 * in memory: schemas are gone after a restart, and clients simply register them again.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** System property naming the packaged registry jar. */
    public static final String JAR_PROPERTY = "inferline.registry.jar";
    /** Where Apicurio serves the Confluent-compatible API. */
    public static final String API_PATH = "/apis/ccompat/v7";

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
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: it names"
                    + " local-registry/target/local-registry-runner.jar (build it with ./mvnw -pl local-registry package)");
        }
        return requireBuilt(Path.of(jar));
    }

    /** {@code jar}, or a clear error naming the build command if it does not exist. */
    public static Path requireBuilt(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the schema registry is not built: " + jar + " is missing; run"
                    + " ./mvnw -B -DskipTests -pl local-registry package");
        }
        return jar;
    }

    /**
     * Starts the registry on {@code port} (0 for a free one), waits until it answers, and sets its
     * global compatibility to BACKWARD (Apicurio's default is NONE, Confluent's is BACKWARD).
     */
    public static EmbeddedSchemaRegistry start(Path jar, int port, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        int chosen = PortAllocator.claim(port, "schema registry");
        List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + chosen,
                "-Dquarkus.datasource.jdbc.min-size=2", "-Dquarkus.datasource.jdbc.initial-size=2",
                "-jar", jar.toAbsolutePath().toString());
        // the same schema text in another layout must get the same id, as with Confluent's registry
        Map<String, String> env = Map.of("ENABLE_CCOMPAT_CANONICAL_HASH_MODE", "true");
        ChildProcess process = ChildProcess.start("schema-registry", command, logFile, env);
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(process, chosen);
        try {
            registry.awaitReady(timeout);
            registry.setGlobalCompatibility("BACKWARD");
        } catch (RuntimeException | InterruptedException | IOException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited during start-up; last log lines:\n" + process.tail(40));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the schema registry did not answer within " + timeout
                        + "; last log lines:\n" + process.tail(40));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
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

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
