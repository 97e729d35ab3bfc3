package io.inferline.cli;

import java.util.Optional;

/**
 * The options every command takes, after the command line, the environment and the defaults were
 * weighed (in that order).
 *
 * @param progress {@code null} when neither --progress nor --no-progress was given
 */
public record GlobalOptions(String bootstrapServers, String schemaRegistryUrl, String billingUrl, String topicPrefix,
                            String account, boolean verbose, Boolean progress) {

    public Optional<String> accountOption() {
        return Optional.ofNullable(account);
    }

    /** The account, or a usage error saying how to give one. */
    public String requireAccount() {
        if (account == null) {
            throw CliException.usage("no account given: pass --account ACCOUNT or set INFERLINE_ACCOUNT");
        }
        return account;
    }
}
