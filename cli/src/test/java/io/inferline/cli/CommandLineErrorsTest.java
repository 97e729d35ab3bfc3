package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes on the command line end with one line on stderr and a stable exit code, never a stack trace. */
class CommandLineErrorsTest {

    private final CliRunner cli = new CliRunner(Map.of());

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{}, {"submit"}, {"jobs"}, {"jobs", "status"}, {"jobs", "list"}, {"jobs", "cancel"},
                {"results"}, {"run"}, {"usage"}, {"balance"}, {"credits"}, {"credits", "grant"}, {"models"}, {"dlq"},
                {"dlq", "list"}, {"dlq", "show"}, {"dlq", "replay"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).contains("Usage: inferline").contains("--bootstrap-servers");
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRunner.Result result = cli.run("submit", "x.jsonl", "--no-such-option");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--no-such-option").contains("inferline submit --help");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownCommandNamesTheCommands() {
        CliRunner.Result result = cli.run("jobs", "stats", "j-1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("inferline: unknown command 'stats' (commands: status, list, cancel) (see 'inferline jobs --help')\n");
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        CliRunner.Result result = cli.run("credits", "grant", "acct");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("AMOUNT");
    }

    @Test
    void submitWithoutAnAccountSaysHowToGiveOne() throws Exception {
        Path file = Files.writeString(dir.resolve("in.jsonl"), "{\"custom_id\":\"a\",\"model\":\"openai/gpt-4o-mini\",\"input\":\"hi\"}\n");
        CliRunner.Result result = cli.run("submit", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("inferline: no account given: pass --account ACCOUNT or set INFERLINE_ACCOUNT\n");
    }

    @Test
    void aMissingFileIsNotFound() {
        CliRunner.Result result = cli.run("submit", dir.resolve("nope.jsonl").toString(), "--account", "a");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(result.err()).contains("not found").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBadFileListsItsLinesByNumberAndPublishesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), """
                {"custom_id":"a","model":"openai/gpt-4o-mini","input":"hi"}
                {"model":"openai/gpt-4o-mini","input":"hi"}
                not json
                """);
        // no cluster is needed: nothing gets that far
        CliRunner.Result result = cli.run("submit", file.toString(), "--account", "a", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("line 2: missing \"custom_id\"").contains("line 3: not valid JSON")
                .contains("2 bad lines, 1 good; nothing was published");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void validateOnlyChecksWithoutACluster() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.jsonl"), """
                {"custom_id":"a","model":"openai/gpt-4o-mini","input":"hi"}
                {"custom_id":"b","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small","input":"x"}}
                """);
        CliRunner.Result result = cli.run("submit", file.toString(), "--validate-only");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("2 valid requests");
    }

    @Test
    void badAmountsAreRefusedBeforeAnythingIsSent() {
        for (String amount : new String[] {"-5", "0", "abc", "1.0000001", "99999999999999"}) {
            CliRunner.Result result = cli.run("credits", "grant", "acct", amount, "--reason", "test", "--bootstrap-servers", "127.0.0.1:1");
            assertThat(result.exitCode()).as(amount).isEqualTo(ExitCode.USAGE);
            assertThat(result.err().lines()).as(amount).hasSize(1);
        }
    }

    @Test
    void anInvalidTopicPrefixIsAUsageError() {
        CliRunner.Result result = cli.run("models", "--topic-prefix", "Bad_Prefix");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--topic-prefix");
    }

    @Test
    void replayNeedsToBeToldWhich() {
        CliRunner.Result result = cli.run("dlq", "replay", "openai");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--offset").contains("--all");
    }

    @Test
    void badDurationsAndTimesAreUsageErrors() {
        assertThat(cli.run("run", "m", "p", "--account", "a", "--timeout", "soon").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("usage", "--since", "yesterday").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("usage", "--window", "5m").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aStackTraceOnlyWithVerbose() {
        assertThat(Failures.explain(new IllegalStateException("boom")).getMessage())
                .contains("unexpected error: IllegalStateException: boom").contains("--verbose");
    }
}
