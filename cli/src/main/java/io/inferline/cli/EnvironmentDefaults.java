package io.inferline.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the global options from the environment: a value on the command line wins, then the
 * environment variable, then the built-in default. The environment is passed in, so tests need not
 * change the process's.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Option long name to the variable that sets its default. */
    public static final Map<String, String> VARIABLES = Map.of(
            "--bootstrap-servers", "INFERLINE_BOOTSTRAP_SERVERS",
            "--schema-registry-url", "INFERLINE_SCHEMA_REGISTRY_URL",
            "--billing-url", "INFERLINE_BILLING_URL",
            "--topic-prefix", "INFERLINE_TOPIC_PREFIX",
            "--account", "INFERLINE_ACCOUNT");

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            String variable = VARIABLES.get(option.longestName());
            if (variable != null) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    return value.strip();
                }
            }
        }
        // null: picocli falls back to the option's own defaultValue
        return null;
    }
}
