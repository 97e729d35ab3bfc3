package io.inferline.cli;

import io.inferline.schemas.serde.AvroSerdeException;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How failures reach the user: one line on stderr (what, why, what to do) and an {@link ExitCode};
 * a stack trace only with --verbose.
 */
final class Failures {

    private Failures() {
    }

    static int onBadCommandLine(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !command.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", command.getSubcommands().keySet()) + ")";
        }
        err.println("inferline: " + message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    static int onFailure(Exception e, boolean verbose, PrintWriter err) {
        CliException failure = explain(e);
        err.println("inferline: " + failure.getMessage());
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    /** The user-facing form of any failure. */
    static CliException explain(Throwable e) {
        if (e instanceof CliException cli) {
            return cli;
        }
        if (e instanceof java.util.concurrent.ExecutionException && e.getCause() != null) {
            return explain(e.getCause());
        }
        if (e instanceof CommandLine.ParameterException) {
            return CliException.usage(e.getMessage());
        }
        if (e instanceof AvroSerdeException.RegistryUnavailable) {
            return new CliException(ExitCode.UNAVAILABLE, "the schema registry did not answer (" + e.getMessage()
                    + "): start the local stack with ./inferline up, or pass --schema-registry-url", e);
        }
        if (e instanceof AvroSerdeException serde) {
            return new CliException(ExitCode.INTERNAL, "a record could not be encoded or decoded on topic " + serde.topic()
                    + ": " + e.getMessage(), e);
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new CliException(ExitCode.UNAVAILABLE, "Kafka did not answer in time (" + e.getMessage()
                    + "): check the cluster is up (./inferline up) and --bootstrap-servers", e);
        }
        if (e instanceof org.apache.kafka.common.errors.InterruptException || e instanceof InterruptedException) {
            return new CliException(130, "interrupted", e);
        }
        if (e instanceof KafkaException && e.getCause() != null && e.getCause() != e) {
            CliException inner = explain(e.getCause());
            if (inner.exitCode() != ExitCode.INTERNAL) {
                return inner;
            }
        }
        return new CliException(ExitCode.INTERNAL, "unexpected error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (run again with --verbose for the stack trace)", e);
    }
}
