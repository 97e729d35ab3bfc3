package io.inferline.cli.billing;

import io.inferline.avro.CreditBalance;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import io.inferline.cli.money.Credits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferline balance ACCOUNT}: the account's credit pool, from the billing aggregator. */
@Command(name = "balance", description = {"An account's credits: balance, reserved, available, granted, spent.",
        "From the billing service; when it cannot be reached, from the credit-balances topic."})
public final class BalanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT", description = "The account id.")
    String account;

    @Override
    public Integer call() {
        CliContext context = InferlineCli.context(spec);
        BillingClient billing = new BillingClient(context.options().billingUrl());
        Optional<BillingJson.Balance> balance;
        try {
            balance = billing.get(BillingJson.balancePath(account)).map(BillingJson::balance);
        } catch (BillingClient.Unreachable e) {
            context.note(e.getMessage() + ": reading the credit-balances topic instead (slow path)");
            balance = fromTopic(context.kafka(), account);
        }
        BillingJson.Balance found = balance.orElseThrow(() -> CliException.notFound("no balance for account " + account
                + ": nothing was granted to it yet (inferline credits grant " + account + " AMOUNT --reason TEXT)"));
        context.out().printf("%-10s %s%n", "account", account);
        context.out().printf("%-10s %s credits%n", "balance", Credits.format(found.balanceMicros()));
        context.out().printf("%-10s %s credits%n", "reserved", Credits.format(found.reservedMicros()));
        context.out().printf("%-10s %s credits%n", "available", Credits.format(found.availableMicros()));
        context.out().printf("%-10s %s credits%n", "granted", Credits.format(found.grantedMicros()));
        context.out().printf("%-10s %s credits%n", "spent", Credits.format(found.spentMicros()));
        context.out().printf("%-10s %s%n", "updated", found.updatedAt() == null ? "-" : found.updatedAt());
        context.out().flush();
        return ExitCode.OK;
    }

    static Optional<BillingJson.Balance> fromTopic(KafkaAccess kafka, String account) {
        String topic = kafka.topics().creditBalances().name();
        kafka.requireTopics(topic);
        var values = kafka.valueDeserializer(kafka.topics().creditBalances());
        byte[] key = account.getBytes(StandardCharsets.UTF_8);
        AtomicReference<CreditBalance> latest = new AtomicReference<>();
        try (TopicReader reader = TopicReader.fromBeginning(kafka, topic)) {
            reader.readToEnd(record -> {
                if (java.util.Arrays.equals(record.key(), key)) {
                    latest.set(record.value() == null ? null : values.deserialize(topic, record.headers(), record.value()));
                }
            });
        }
        return Optional.ofNullable(latest.get()).map(b -> new BillingJson.Balance(b.getAccountId(), b.getBalanceMicros(),
                b.getReservedMicros(), b.getBalanceMicros() - b.getReservedMicros(), b.getLifetimeGrantedMicros(),
                b.getLifetimeSpentMicros(), b.getUpdatedAt()));
    }
}
