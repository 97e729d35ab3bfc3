package io.inferline.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Command-line options of the local stack.
 *
 * @param once start, prove the round trip and stop (for scripts and CI) instead of running until Ctrl-C
 */
public record StackOptions(Path dataDir, boolean reset, int brokerPort, int controllerPort, int registryPort,
                    Optional<Path> registryJar, boolean once, boolean help) {

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: inferline up [options]",
            "Starts a real Kafka broker (KRaft) and a Confluent-API schema registry on this machine, provisions",
            "inferline's topics, proves an Avro round trip, and runs until Ctrl-C.",
            "",
            "  --data-dir DIR          where the broker's topics, the registry's schemas and the logs are kept",
            "                          (default .inferline/data); reused on restart",
            "  --reset                 delete the data directory first and start empty",
            "  --broker-port N         Kafka client port (default 9092; 0 picks a free one)",
            "  --controller-port N     KRaft controller port (default 9093; 0 picks a free one)",
            "  --registry-port N       schema registry port (default 8081; 0 picks a free one)",
            "  --registry-jar FILE     the packaged registry (default: system property inferline.registry.jar)",
            "  --once                  stop after the round trip instead of waiting for Ctrl-C",
            "  -h, --help              this text");

    public static StackOptions parse(List<String> args) {
        Path dataDir = Path.of(".inferline", "data");
        boolean reset = false;
        boolean once = false;
        int brokerPort = 9092;
        int controllerPort = 9093;
        int registryPort = 8081;
        Optional<Path> registryJar = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> {
                    return new StackOptions(dataDir, false, brokerPort, controllerPort, registryPort, registryJar, false, true);
                }
                case "--reset" -> reset = true;
                case "--once" -> once = true;
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--broker-port" -> brokerPort = port(value(args, ++i, arg), arg);
                case "--controller-port" -> controllerPort = port(value(args, ++i, arg), arg);
                case "--registry-port" -> registryPort = port(value(args, ++i, arg), arg);
                case "--registry-jar" -> registryJar = Optional.of(Path.of(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg + "; see --help");
            }
        }
        return new StackOptions(dataDir, reset, brokerPort, controllerPort, registryPort, registryJar, once, false);
    }

    /** These options without --reset (for a caller that has already emptied the data directory). */
    public StackOptions withoutReset() {
        return new StackOptions(dataDir, false, brokerPort, controllerPort, registryPort, registryJar, once, help);
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
