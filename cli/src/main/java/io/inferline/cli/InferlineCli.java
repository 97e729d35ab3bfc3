package io.inferline.cli;

import io.inferline.cli.billing.BalanceCommand;
import io.inferline.cli.billing.UsageCommand;
import io.inferline.cli.credits.CreditsCommand;
import io.inferline.cli.dlq.DlqCommand;
import io.inferline.cli.jobs.JobsCommand;
import io.inferline.cli.models.ModelsCommand;
import io.inferline.cli.results.ResultsCommand;
import io.inferline.cli.run.RunCommand;
import io.inferline.cli.submit.SubmitCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code inferline}: the user's front door to a running inferline system. Every command talks to Kafka,
 * the schema registry or the billing aggregator's HTTP API, located by the global options below (each
 * with an environment variable as its fallback, see {@link EnvironmentDefaults}).
 */
@Command(name = "inferline", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = InferlineCli.Version.class, usageHelpAutoWidth = true,
        description = "Publish batch jobs and single requests to inferline, follow their results, and look at usage, "
                + "credits, the model catalog and dead letters.",
        subcommands = {SubmitCommand.class, JobsCommand.class, ResultsCommand.class, RunCommand.class,
                UsageCommand.class, BalanceCommand.class, CreditsCommand.class, ModelsCommand.class, DlqCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 not found,",
                "4 cluster, registry or billing unavailable, 5 invalid batch file, 6 timed out, 7 refused or failed."})
public final class InferlineCli implements Runnable {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", scope = ScopeType.INHERIT,
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (env INFERLINE_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "http://127.0.0.1:8081/apis/ccompat/v7",
            description = "Confluent-API schema registry (env INFERLINE_SCHEMA_REGISTRY_URL; default ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    @Option(names = "--billing-url", paramLabel = "URL", scope = ScopeType.INHERIT, defaultValue = "http://127.0.0.1:8090",
            description = "The billing aggregator's HTTP API (env INFERLINE_BILLING_URL; default ${DEFAULT-VALUE}).")
    String billingUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT, defaultValue = "",
            description = "Prefix of every topic name, e.g. tenant-a- (env INFERLINE_TOPIC_PREFIX; default none).")
    String topicPrefix;

    @Option(names = "--account", paramLabel = "ACCOUNT", scope = ScopeType.INHERIT,
            description = "Account id the command acts for (env INFERLINE_ACCOUNT).")
    String account;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the Kafka clients' log and the stack trace of errors.")
    boolean verbose;

    @Option(names = "--progress", scope = ScopeType.INHERIT, negatable = true,
            description = "Draw progress bars on stderr even when it is not a terminal (--no-progress: never).")
    Boolean progress;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Clock clock;

    private InferlineCli(Map<String, String> environment, Clock clock) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(System.getenv(), Clock.systemUTC(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns its exit code. What {@link #main} does, with the outside world passed in. */
    public static int execute(Map<String, String> environment, Clock clock, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(environment, clock, out, err).execute(args);
    }

    /** The configured command line, not yet run (tests parse with it to see how options resolve). */
    static CommandLine commandLine(Map<String, String> environment, Clock clock, PrintWriter out, PrintWriter err) {
        InferlineCli root = new InferlineCli(environment, clock);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(Failures::onBadCommandLine);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> Failures.onFailure(e, root.verbose, err));
        commandLine.setExecutionStrategy(parseResult -> {
            Logging.configure(root.verbose);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What the commands share: the global options, the streams, the environment and the clock. */
    public CliContext context() {
        return new CliContext(new GlobalOptions(bootstrapServers, schemaRegistryUrl, billingUrl, topicPrefix == null ? "" : topicPrefix,
                account == null || account.isBlank() ? null : account.strip(), verbose, progress),
                spec.commandLine().getOut(), spec.commandLine().getErr(), environment, clock);
    }

    /** The context of the command that {@code spec} describes (any depth below the root). */
    public static CliContext context(CommandLine.Model.CommandSpec spec) {
        return ((InferlineCli) spec.root().userObject()).context();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = InferlineCli.class.getPackage().getImplementationVersion();
            return new String[] {"inferline " + (version == null ? "(development build)" : version)};
        }
    }
}
