package io.inferline.cli.credits;

import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.money.Credits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferline credits grant}: credits for an account, as a {@code CreditGrant} on {@code credit-grants}. */
@Command(name = "credits", description = "Add credits to an account's pool.", subcommands = CreditsCommand.Grant.class)
public final class CreditsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The kinds a user may grant, as typed. */
    enum Kind {
        top_up(GrantKind.TOP_UP), refund(GrantKind.REFUND), adjustment(GrantKind.ADJUSTMENT);

        final GrantKind avro;

        Kind(GrantKind avro) {
            this.avro = avro;
        }
    }

    @Command(name = "grant", description = {"Grant AMOUNT credits (up to 6 decimals, e.g. 25 or 0.5) to ACCOUNT.",
            "The billing aggregator adds it to the balance; a grant id is applied once."})
    static final class Grant implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "Account to credit.")
        String account;

        @Parameters(index = "1", paramLabel = "AMOUNT", description = "Credits, positive, at most 6 decimals.")
        String amount;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept in the audit trail).")
        String reason;

        @Option(names = "--kind", defaultValue = "top_up", paramLabel = "KIND",
                description = "top_up, refund or adjustment (default ${DEFAULT-VALUE}).")
        Kind kind;

        @Option(names = "--grant-id", paramLabel = "ID",
                description = "Id of the grant (default: a new one); the same id is never applied twice, so a retried command is safe.")
        String grantId;

        @Override
        public Integer call() throws Exception {
            CliContext context = InferlineCli.context(spec);
            long micros;
            try {
                micros = Credits.parseGrant(amount);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            if (account.isBlank()) {
                throw CliException.usage("ACCOUNT is empty");
            }
            if (reason.isBlank()) {
                throw CliException.usage("--reason is empty: say why the credits are granted");
            }
            KafkaAccess kafka = context.kafka();
            String topic = kafka.topics().creditGrants().name();
            kafka.requireTopics(topic);
            String id = grantId != null ? grantId : "grant-" + UUID.randomUUID();
            Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
            CreditGrant grant = CreditGrant.newBuilder()
                    .setGrantId(id)
                    .setAccountId(account)
                    .setAmountMicros(micros)
                    .setKind(kind.avro)
                    .setReason(reason.strip())
                    .setIssuedBy("cli:" + System.getProperty("user.name", "unknown"))
                    .setIssuedAt(now)
                    .build();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(null)) {
                producer.send(new ProducerRecord<>(topic, account.getBytes(StandardCharsets.UTF_8),
                        kafka.valueSerializer(kafka.topics().creditGrants()).serialize(topic, grant))).get();
            }
            context.out().println("granted " + Credits.format(micros) + " credits to " + account + " ("
                    + kind.name().toLowerCase(Locale.ROOT) + ", grant " + id + ")");
            context.out().flush();
            return ExitCode.OK;
        }
    }
}
