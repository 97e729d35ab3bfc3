package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's checks that run before anything starts. */
class LocalStackTest {

    @TempDir
    Path temp;

    @Test
    void aTakenPortIsNamedWithTheOptionThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            StackOptions options = StackOptions.parse(List.of("--broker-port", Integer.toString(taken.getLocalPort()),
                    "--controller-port", "0", "--registry-port", "0"));

            assertThatThrownBy(() -> LocalStack.requirePortsFree(options))
                    .hasMessageStartingWith("port " + taken.getLocalPort() + " (--broker-port) is already in use")
                    .hasMessageContaining("choose other ports");
        }
    }

    @Test
    void oneAndTheSamePortForTwoServersIsRefused() {
        StackOptions options = StackOptions.parse(List.of("--broker-port", "0", "--controller-port", "18123",
                "--registry-port", "18123"));

        assertThatThrownBy(() -> LocalStack.requirePortsFree(options))
                .hasMessageStartingWith("port 18123 is given to both --controller-port and --registry-port");
    }

    @Test
    void resetDeletesADataDirectoryOfTheStack() throws IOException {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Files.createDirectories(dataDir.resolve("kraft-logs").resolve("topic-0"));
        Files.createDirectories(dataDir.resolve("registry"));
        Files.writeString(dataDir.resolve("server.properties"), "node.id=1");

        LocalStack.reset(dataDir);

        assertThat(dataDir).doesNotExist();
    }

    @Test
    void resetRefusesADirectoryWithOtherFiles() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.createDirectories(home.resolve("kraft-logs"));
        Files.writeString(home.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> LocalStack.reset(home)).hasMessageContaining("--reset refuses to delete " + home);
        assertThat(home.resolve("thesis.tex")).exists();
    }

    @Test
    void errorsAreShownAsTheirFirstLine() {
        assertThat(LocalStack.oneLine(new IllegalStateException("the Kafka broker exited (see x.log)\nlast log lines:\n...")))
                .isEqualTo("the Kafka broker exited (see x.log)");
        assertThat(LocalStack.oneLine(new UncheckedIOException(new IOException("disk full")))).isEqualTo("disk full");
        assertThat(LocalStack.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
