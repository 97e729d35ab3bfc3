package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A global option's value comes from the command line, then the environment, then the built-in default. */
class GlobalOptionsTest {

    private static final Map<String, String> ENV = Map.of(
            "INFERLINE_BOOTSTRAP_SERVERS", "env-broker:9092",
            "INFERLINE_SCHEMA_REGISTRY_URL", "http://env-registry:8081",
            "INFERLINE_BILLING_URL", "http://env-billing:8090",
            "INFERLINE_TOPIC_PREFIX", "env-",
            "INFERLINE_ACCOUNT", "env-account");

    private static GlobalOptions resolve(Map<String, String> env, String... args) {
        CommandLine commandLine = InferlineCli.commandLine(env, Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        commandLine.parseArgs(args);
        return ((InferlineCli) commandLine.getCommand()).context().options();
    }

    @Test
    void withoutOptionsOrEnvironmentTheDefaultsPointAtTheLocalStack() {
        GlobalOptions options = resolve(Map.of(), "jobs", "list");
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(options.billingUrl()).isEqualTo("http://127.0.0.1:8090");
        assertThat(options.topicPrefix()).isEmpty();
        assertThat(options.account()).isNull();
        assertThat(options.verbose()).isFalse();
        assertThat(options.progress()).isNull();
    }

    @Test
    void theEnvironmentReplacesTheDefaults() {
        GlobalOptions options = resolve(ENV, "jobs", "list");
        assertThat(options.bootstrapServers()).isEqualTo("env-broker:9092");
        assertThat(options.schemaRegistryUrl()).isEqualTo("http://env-registry:8081");
        assertThat(options.billingUrl()).isEqualTo("http://env-billing:8090");
        assertThat(options.topicPrefix()).isEqualTo("env-");
        assertThat(options.account()).isEqualTo("env-account");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhereverTheOptionStands() {
        GlobalOptions before = resolve(ENV, "--bootstrap-servers", "cli-broker:1", "--account", "cli-account", "jobs", "list");
        GlobalOptions between = resolve(ENV, "jobs", "--billing-url", "http://cli-billing", "list");
        GlobalOptions after = resolve(ENV, "jobs", "list", "--topic-prefix", "cli-", "--schema-registry-url", "http://cli-registry",
                "--verbose", "--no-progress");
        assertThat(before.bootstrapServers()).isEqualTo("cli-broker:1");
        assertThat(before.account()).isEqualTo("cli-account");
        assertThat(before.billingUrl()).isEqualTo("http://env-billing:8090");
        assertThat(between.billingUrl()).isEqualTo("http://cli-billing");
        assertThat(between.bootstrapServers()).isEqualTo("env-broker:9092");
        assertThat(after.topicPrefix()).isEqualTo("cli-");
        assertThat(after.schemaRegistryUrl()).isEqualTo("http://cli-registry");
        assertThat(after.verbose()).isTrue();
        assertThat(after.progress()).isFalse();
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        GlobalOptions options = resolve(Map.of("INFERLINE_ACCOUNT", "  ", "INFERLINE_BOOTSTRAP_SERVERS", ""), "jobs", "list");
        assertThat(options.account()).isNull();
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void progressBarsFollowTheFlagElseWhetherStderrIsATerminal() {
        CliContext tty = context(Map.of(CliContext.STDERR_TTY_VARIABLE, "1"), "jobs", "list");
        CliContext pipe = context(Map.of(), "jobs", "list");
        CliContext forced = context(Map.of(), "--progress", "jobs", "list");
        CliContext silenced = context(Map.of(CliContext.STDERR_TTY_VARIABLE, "1"), "--no-progress", "jobs", "list");
        assertThat(tty.progressBars()).isTrue();
        assertThat(pipe.progressBars()).isFalse();
        assertThat(forced.progressBars()).isTrue();
        assertThat(silenced.progressBars()).isFalse();
    }

    private static CliContext context(Map<String, String> env, String... args) {
        CommandLine commandLine = InferlineCli.commandLine(env, Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        commandLine.parseArgs(args);
        return ((InferlineCli) commandLine.getCommand()).context();
    }
}
