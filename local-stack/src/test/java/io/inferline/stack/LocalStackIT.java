package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README's first command does, run as the user runs it: {@code LocalStack}'s main in its
 * own JVM, stopped by a signal, then started again on the same data.
 */
class LocalStackIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern PID = Pattern.compile("\\((?:KRaft|Confluent API), pid (\\d+)\\)");
    private static final Pattern REGISTRY_URL = Pattern.compile("schema registry\\s+(http://\\S+)");

    @TempDir
    Path temp;

    private final List<Process> launched = new ArrayList<>();

    /** A failed test must not leave a launcher behind: SIGTERM lets it stop its own children. */
    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (Process process : launched) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void runsUntilSignalledStopsEverythingAndRestartsOnItsOwnData() throws Exception {
        Path dataDir = temp.resolve("data");

        Path firstOut = temp.resolve("first.out");
        Process first = launch(dataDir, firstOut);
        String up = awaitOutput(first, firstOut, "press Ctrl-C");
        assertThat(up).contains("round trip ok").contains("topics: ").contains("data directory");
        List<Long> children = PID.matcher(up).results().map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(children).hasSize(2);
        String registryUrl = find(REGISTRY_URL, up);
        assertThat(register(registryUrl, "kept-across-restarts-value").statusCode()).isEqualTo(200);

        first.destroy();   // SIGTERM; a Ctrl-C (SIGINT) runs the same shutdown hook
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        assertThat(first.exitValue()).as("exit code on a normal stop").isZero();
        assertThat(Files.readString(firstOut)).contains("stopped: the broker and the registry have exited");
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("child " + pid).isIn(Optional.empty(), Optional.of(false));
        }

        Path secondOut = temp.resolve("second.out");
        Process second = launch(dataDir, secondOut);
        String again = awaitOutput(second, secondOut, "press Ctrl-C");
        assertThat(again).contains("topics: 0 created");
        assertThat(get(find(REGISTRY_URL, again) + "/subjects").body()).contains("kept-across-restarts-value");
        // a broker that was killed rather than stopped recovers every partition on the next start
        assertThat(Files.readString(dataDir.resolve("logs").resolve("broker.log")))
                .contains("(kafka.log.LogManager)")   // the logger that would say so logs at all
                .doesNotContain("no clean shutdown file");

        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
    }

    @Test
    void aMissingRegistryJarIsNamedWithTheCommandThatBuildsIt() {
        StackOptions options = new StackOptions(temp.resolve("unused"), false, 0, 0, 0,
                Optional.of(Path.of("no-such-dir", "registry.jar")), true, false);

        assertThatThrownBy(() -> LocalStack.start(options))
                .hasMessageContaining("no-such-dir")
                .hasMessageContaining("./mvnw -B -DskipTests -pl local-registry package");
        assertThat(temp.resolve("unused")).doesNotExist();
    }

    /** {@code LocalStack.main} in a child JVM on this test's classpath, on free ports. */
    private Process launch(Path dataDir, Path output) throws IOException {
        List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx256m",
                "-D" + EmbeddedSchemaRegistry.JAR_PROPERTY + "=" + EmbeddedSchemaRegistry.jarFromSystemProperty(),
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                "--data-dir", dataDir.toString(), "--broker-port", "0", "--controller-port", "0", "--registry-port", "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        launched.add(process);
        return process;
    }

    private static String awaitOutput(Process process, Path output, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String out = Files.readString(output);
            if (out.contains(text)) {
                return out;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the launcher did not print '" + text + "'" + (process.isAlive() ? " in time" : ", it exited")
                        + "; its output:\n" + out);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in the output").isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> register(String registryUrl, String subject) throws IOException, InterruptedException {
        String schema = "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
