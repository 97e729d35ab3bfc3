package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void defaultsAreTheUsualLocalPortsAndAReusedDataDirectory() {
        StackOptions options = StackOptions.parse(List.of());

        assertThat(options.brokerPort()).isEqualTo(9092);
        assertThat(options.registryPort()).isEqualTo(8081);
        assertThat(options.dataDir()).isEqualTo(Path.of(".inferline", "data"));
        assertThat(options.reset()).isFalse();
        assertThat(options.once()).isFalse();
    }

    @Test
    void parsesEveryOption() {
        StackOptions options = StackOptions.parse(List.of("--data-dir", "/tmp/x", "--reset", "--broker-port", "0",
                "--controller-port", "19093", "--registry-port", "18081", "--registry-jar", "r.jar", "--once"));

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.reset()).isTrue();
        assertThat(options.brokerPort()).isZero();
        assertThat(options.controllerPort()).isEqualTo(19093);
        assertThat(options.registryPort()).isEqualTo(18081);
        assertThat(options.registryJar()).contains(Path.of("r.jar"));
        assertThat(options.once()).isTrue();
    }

    @Test
    void badInputIsOneClearLine() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--broker-port", "ninety")))
                .hasMessage("--broker-port takes a port number from 0 to 65535, not 'ninety'");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--data-dir")))
                .hasMessage("--data-dir needs a value; see --help");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--turbo")))
                .hasMessage("unknown option --turbo; see --help");
    }

    @Test
    void helpWins() {
        assertThat(StackOptions.parse(List.of("--reset", "--help")).help()).isTrue();
        assertThat(StackOptions.USAGE).contains("--data-dir").contains("Ctrl-C");
    }
}
