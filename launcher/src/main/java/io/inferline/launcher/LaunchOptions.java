package io.inferline.launcher;

import io.inferline.stack.StackOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@code ./inferline up}: the launcher's own, and the local stack's (data directory, ports, reset),
 * which pass through to {@link StackOptions}.
 *
 * @param bootstrapServers an existing Kafka cluster: then no local broker or registry is started
 * @param registryUrl      the schema registry of that cluster (Confluent API)
 * @param providers        the providers to run workers for; empty: every provider with an adapter
 */
record LaunchOptions(StackOptions stack, Optional<String> bootstrapServers, Optional<String> registryUrl, boolean demo,
                     int billingPort, int simulatorPort, List<String> providers, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: inferline up [options]",
            "Starts inferline on this machine: a Kafka broker (KRaft) and a schema registry, the topics, the router,",
            "a worker for every provider (the provider simulators stand in for providers without an API key in the",
            "environment), the billing aggregator, then runs the demo. Runs until Ctrl-C.",
            "",
            "  --bootstrap-servers HOSTS   use this Kafka cluster instead of starting one (needs --schema-registry-url)",
            "  --schema-registry-url URL   its Confluent-API schema registry",
            "  --no-demo                   start everything but do not run the demo",
            "  --providers P1,P2           run workers for these providers only (default: all)",
            "  --billing-port N            the billing aggregator's HTTP queries (default 8090)",
            "  --simulator-port N          the provider simulators (default 8099; 0 picks a free one)",
            "",
            "Local stack options (ignored with --bootstrap-servers):",
            StackOptions.USAGE.lines().filter(line -> line.startsWith("  --")).reduce((a, b) -> a + System.lineSeparator() + b).orElse(""),
            "  -h, --help                  this text");

    static LaunchOptions parse(List<String> args) {
        List<String> stackArgs = new ArrayList<>();
        Optional<String> bootstrap = Optional.empty();
        Optional<String> registry = Optional.empty();
        boolean demo = true;
        int billingPort = 8090;
        int simulatorPort = 8099;
        List<String> providers = List.of();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> {
                    return new LaunchOptions(StackOptions.parse(List.of()), bootstrap, registry, demo, billingPort, simulatorPort, providers, true);
                }
                case "--bootstrap-servers" -> bootstrap = Optional.of(value(args, ++i, arg));
                case "--schema-registry-url" -> registry = Optional.of(value(args, ++i, arg));
                case "--no-demo" -> demo = false;
                case "--providers" -> providers = List.of(value(args, ++i, arg).split("\\s*,\\s*"));
                case "--billing-port" -> billingPort = port(value(args, ++i, arg), arg);
                case "--simulator-port" -> simulatorPort = port(value(args, ++i, arg), arg);
                default -> stackArgs.add(arg);
            }
        }
        if (bootstrap.isPresent() != registry.isPresent()) {
            throw new IllegalArgumentException("--bootstrap-servers and --schema-registry-url go together: an existing cluster"
                    + " needs both; leave both out to start the local stack");
        }
        return new LaunchOptions(StackOptions.parse(stackArgs), bootstrap, registry, demo, billingPort, simulatorPort, providers, false);
    }

    LaunchOptions withStack(StackOptions newStack) {
        return new LaunchOptions(newStack, bootstrapServers, registryUrl, demo, billingPort, simulatorPort, providers, help);
    }

    boolean externalCluster() {
        return bootstrapServers.isPresent();
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value; see --help");
        }
        return args.get(index);
    }

    private static int port(String value, String option) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port number from 0 to 65535, not '" + value + "'");
        }
    }
}
