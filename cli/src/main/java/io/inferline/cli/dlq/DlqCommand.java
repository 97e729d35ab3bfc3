package io.inferline.cli.dlq;

import io.inferline.avro.RoutedRequest;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import io.inferline.cli.text.Table;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TopicRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inferline dlq list|show|replay PROVIDER}: the dead letters of {@code provider-requests-<p>-dlq}
 * and their replay, after a fix, to the topic each one came from (its original bytes, untouched).
 */
@Command(name = "dlq", description = "Dead letters of a provider: list them, look at one, replay them after a fix.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

    /** Header a replayed record carries: the dead letter it came from ({@code topic:partition:offset}). */
    public static final String REPLAYED_FROM_HEADER = "inferline.replay.of";

    private static final Pattern POSITION = Pattern.compile("(?:(\\d+):)?(\\d+)");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Every dead letter of PROVIDER: position (partition:offset), time, request, source, error.")
    static final class ListLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROVIDER", description = "Provider id, e.g. openai.")
        String provider;

        @Override
        public Integer call() {
            CliContext context = InferlineCli.context(spec);
            List<DeadLetter> letters = read(context.kafka(), provider);
            Table table = new Table("OFFSET", "FAILED AT", "REQUEST", "SOURCE", "STAGE", "ATTEMPTS>", "ERROR");
            for (DeadLetter letter : letters) {
                String error = letter.header(DeadLetterHeaders.ERROR_CLASS).orElse("?") + ": "
                        + letter.header(DeadLetterHeaders.ERROR_MESSAGE).orElse("");
                table.row(letter.position(), letter.lastFailure().map(Object::toString).orElse("-"), letter.requestId().orElse("-"),
                        letter.sourceTopic().orElse("-"), letter.header(DeadLetterHeaders.STAGE).orElse("-"),
                        letter.header(DeadLetterHeaders.ATTEMPTS).orElse("-"), error.length() > 100 ? error.substring(0, 100) + "..." : error);
            }
            if (table.isEmpty()) {
                context.note("no dead letters for " + provider);
            } else {
                table.print(context.out());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "One dead letter: every header, the key and the decoded request.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROVIDER", description = "Provider id.")
        String provider;

        @Parameters(index = "1", paramLabel = "OFFSET", description = "PARTITION:OFFSET as listed, or OFFSET alone when it is unique.")
        String position;

        @Override
        public Integer call() {
            CliContext context = InferlineCli.context(spec);
            KafkaAccess kafka = context.kafka();
            DeadLetter letter = select(read(kafka, provider), position, provider);
            context.out().println("position  " + letter.position() + " of " + kafka.topics().providerDlq(provider).name());
            letter.headerTexts().forEach((name, value) -> context.out().println("header    " + name + " = " + value));
            context.out().println("key       " + (letter.key() == null ? "(none)" : new String(letter.key(), StandardCharsets.UTF_8)));
            context.out().println("value     " + describe(kafka, letter));
            context.out().flush();
            return ExitCode.OK;
        }

        private String describe(KafkaAccess kafka, DeadLetter letter) {
            if (letter.value() == null) {
                return "(none)";
            }
            String source = letter.sourceTopic().orElse(kafka.topics().providerRequests(provider).name());
            try {
                RoutedRequest request = kafka.valueDeserializer(kafka.topics().providerRequests(provider))
                        .deserialize(source, letter.value());
                return request.toString();
            } catch (RuntimeException notARoutedRequest) {
                byte[] head = java.util.Arrays.copyOf(letter.value(), Math.min(letter.value().length, 96));
                return letter.value().length + " bytes that do not decode as a RoutedRequest (" + notARoutedRequest.getMessage()
                        + "); base64 of the first " + head.length + ": " + Base64.getEncoder().encodeToString(head);
            }
        }
    }

    @Command(name = "replay", description = {"Put dead letters back on the topic each came from (header " + "inferline.dlq.source.topic"
            + "), original bytes untouched, in one transaction.", "Replay only after fixing what failed: the worker calls the provider again."})
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROVIDER", description = "Provider id.")
        String provider;

        @Option(names = "--offset", paramLabel = "OFFSET", description = "The dead letter to replay: PARTITION:OFFSET, or OFFSET when unique.")
        String position;

        @Option(names = "--all", description = "Replay every dead letter of PROVIDER.")
        boolean all;

        @Option(names = "--dry-run", description = "Say what would be replayed, replay nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            CliContext context = InferlineCli.context(spec);
            if (all == (position != null)) {
                throw CliException.usage("say which dead letters to replay: --offset PARTITION:OFFSET or --all");
            }
            KafkaAccess kafka = context.kafka();
            List<DeadLetter> letters = read(kafka, provider);
            List<DeadLetter> selected = all ? letters : List.of(select(letters, position, provider));
            if (selected.isEmpty()) {
                context.note("no dead letters for " + provider + ": nothing to replay");
                return ExitCode.OK;
            }
            Set<String> targets = Set.of(kafka.topics().providerRequests(provider).name(), kafka.topics().providerBatch(provider).name(),
                    kafka.topics().providerRetry(provider).name());
            List<DeadLetter> replayable = new ArrayList<>();
            for (DeadLetter letter : selected) {
                String source = letter.sourceTopic().orElse(null);
                if (source == null || !targets.contains(source)) {
                    context.note("skipping " + letter.position() + ": its source topic " + (source == null ? "is not recorded"
                            : source + " is not one of " + provider + "'s request topics"));
                } else {
                    replayable.add(letter);
                }
            }
            if (replayable.isEmpty()) {
                throw new CliException(ExitCode.REFUSED, "none of the selected dead letters can be replayed (see above)");
            }
            String dlqTopic = kafka.topics().providerDlq(provider).name();
            if (dryRun) {
                replayable.forEach(letter -> context.out().println("would replay " + letter.position() + " (request "
                        + letter.requestId().orElse("?") + ") to " + letter.sourceTopic().orElseThrow()));
                context.out().flush();
                return ExitCode.OK;
            }
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer("inferline-cli-replay-" + provider + "-" + UUID.randomUUID())) {
                producer.initTransactions();
                producer.beginTransaction();
                try {
                    for (DeadLetter letter : replayable) {
                        producer.send(new ProducerRecord<>(letter.sourceTopic().orElseThrow(), null, letter.key(), letter.value(),
                                replayHeaders(letter, dlqTopic)));
                    }
                    producer.commitTransaction();
                } catch (RuntimeException e) {
                    try {
                        producer.abortTransaction();
                    } catch (RuntimeException alreadyFailed) {
                        e.addSuppressed(alreadyFailed);
                    }
                    throw e;
                }
            }
            replayable.forEach(letter -> context.out().println("replayed " + letter.position() + " (request "
                    + letter.requestId().orElse("?") + ") to " + letter.sourceTopic().orElseThrow()));
            context.out().flush();
            context.note("replayed " + replayable.size() + " dead letter" + (replayable.size() == 1 ? "" : "s") + " of " + provider
                    + "; they stay in " + dlqTopic + " (a replay that fails again is dead-lettered again)");
            return ExitCode.OK;
        }

        /** The original headers without the dead-letter ones, plus where the replay came from. */
        private static RecordHeaders replayHeaders(DeadLetter letter, String dlqTopic) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : letter.headers()) {
                if (!header.key().startsWith(DeadLetterHeaders.PREFIX) && !header.key().equals(REPLAYED_FROM_HEADER)) {
                    headers.add(header.key(), header.value());
                }
            }
            headers.add(REPLAYED_FROM_HEADER, (dlqTopic + ":" + letter.position()).getBytes(StandardCharsets.UTF_8));
            return headers;
        }
    }

    static List<DeadLetter> read(KafkaAccess kafka, String provider) {
        String topic;
        try {
            topic = kafka.topics().providerDlq(provider).name();
        } catch (IllegalArgumentException e) {
            throw CliException.usage("invalid provider '" + provider + "': " + e.getMessage());
        }
        if (!TopicRegistry.KNOWN_PROVIDERS.contains(provider) && !exists(kafka, topic)) {
            throw CliException.notFound("unknown provider '" + provider + "' (no topic " + topic + "); known: "
                    + String.join(", ", TopicRegistry.KNOWN_PROVIDERS));
        }
        kafka.requireTopics(topic);
        List<DeadLetter> letters = new ArrayList<>();
        try (TopicReader reader = TopicReader.fromBeginning(kafka, topic)) {
            reader.readToEnd(record -> letters.add(DeadLetter.of(record)));
        }
        letters.sort(java.util.Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        return letters;
    }

    private static boolean exists(KafkaAccess kafka, String topic) {
        kafka.requireTopics();
        try (Admin admin = kafka.admin()) {
            return admin.listTopics().names().get().contains(topic);
        } catch (Exception e) {
            return true;   // requireTopics will say what is wrong
        }
    }

    /** The dead letter at {@code position} ({@code P:N}, or {@code N} when only one partition has offset N). */
    static DeadLetter select(List<DeadLetter> letters, String position, String provider) {
        Matcher matcher = POSITION.matcher(position.strip());
        if (!matcher.matches()) {
            throw CliException.usage("'" + position + "' is not a dead-letter position: write PARTITION:OFFSET (as dlq list shows) or OFFSET");
        }
        long offset = Long.parseLong(matcher.group(2));
        Integer partition = matcher.group(1) == null ? null : Integer.parseInt(matcher.group(1));
        List<DeadLetter> matches = letters.stream()
                .filter(letter -> letter.offset() == offset && (partition == null || letter.partition() == partition)).toList();
        if (matches.isEmpty()) {
            throw CliException.notFound("no dead letter of " + provider + " at " + position + ": see inferline dlq list " + provider);
        }
        if (matches.size() > 1) {
            throw CliException.usage("offset " + offset + " is in several partitions ("
                    + String.join(", ", matches.stream().map(DeadLetter::position).toList()) + "): write PARTITION:OFFSET");
        }
        return matches.get(0);
    }
}
