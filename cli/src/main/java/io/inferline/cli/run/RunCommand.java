package io.inferline.cli.run;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.Output;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.Usage;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import io.inferline.cli.models.ModelsCommand;
import io.inferline.cli.money.Credits;
import io.inferline.cli.text.Durations;
import io.inferline.schemas.topic.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inferline run MODEL "prompt"}: one request on the single-call path, waiting for its answer.
 * The answer's text goes to stdout (for binary outputs: content type, URI and size); model, usage and
 * cost go to stderr, so {@code inferline run ... > answer.txt} keeps only the answer.
 */
@Command(name = "run", description = {"Send one request and wait for its answer.",
        "Prints the text on stdout (binary outputs: content type, URI, size) and model, usage and cost on stderr."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "provider/model slug or alias, e.g. anthropic/claude-haiku-4-5.")
    String model;

    @Parameters(index = "1", paramLabel = "PROMPT", description = "The prompt (or the text to embed, speak, draw).")
    String prompt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "How long to wait for the answer (default ${DEFAULT-VALUE}); also the request's deadline.")
    Duration timeout;

    @Option(names = "--capability", paramLabel = "C",
            description = "CHAT, EMBEDDING, IMAGE, SPEECH, VIDEO (default: the model's first capability in the catalog, else CHAT).")
    String capability;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Upper bound on output tokens.")
    Integer maxTokens;

    @Option(names = "--json", description = "Print the whole response as JSON on stdout instead.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext context = InferlineCli.context(spec);
        String account = context.options().requireAccount();
        if (timeout.isZero() || timeout.isNegative()) {
            throw CliException.usage("--timeout must be positive");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw CliException.usage("--max-tokens must be positive");
        }
        KafkaAccess kafka = context.kafka();
        String requests = kafka.topics().inferenceRequests().name();
        String responses = kafka.topics().inferenceResponses().name();
        kafka.requireTopics(requests, responses);
        Capability wanted = capability(kafka);
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        String requestId = UUID.randomUUID().toString();
        Input.Builder input = Input.newBuilder().setCapability(wanted);
        if (wanted == Capability.EMBEDDING) {
            input.setTexts(List.of(prompt));
        } else {
            input.setPrompt(prompt);
        }
        GenerationOptions.Builder options = GenerationOptions.newBuilder();
        if (maxTokens != null) {
            options.setMaxOutputTokens(maxTokens);
        }
        InferenceRequest request = InferenceRequest.newBuilder().setRequestId(requestId).setAccountId(account).setModel(model)
                .setInput(input.build()).setOptions(options.build()).setDeadline(now.plus(timeout)).setCreatedAt(now).build();
        AtomicReference<InferenceResponse> answer = new AtomicReference<>();
        var values = kafka.valueDeserializer(kafka.topics().inferenceResponses());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (TopicReader reader = TopicReader.fromEnd(kafka, responses)) {
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(null)) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(TraceHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
                headers.add(TraceHeaders.ACCOUNT_ID, account.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(requests, null, account.getBytes(StandardCharsets.UTF_8),
                        kafka.valueSerializer(kafka.topics().inferenceRequests()).serialize(requests, request), headers)).get();
            }
            byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
            boolean answered = reader.readUntil(record -> {
                if (answer.get() == null && record.value() != null && java.util.Arrays.equals(record.key(), key)) {
                    InferenceResponse response = values.deserialize(responses, record.headers(), record.value());
                    if (requestId.equals(response.getRequestId())) {
                        answer.set(response);
                    }
                }
            }, () -> answer.get() != null, deadline);
            if (!answered) {
                throw new CliException(ExitCode.TIMED_OUT, "no answer to request " + requestId + " within " + Durations.format(timeout)
                        + ": are the router and the " + model + " worker running (./inferline up)? Or raise --timeout");
            }
        }
        return print(context, answer.get());
    }

    private Capability capability(KafkaAccess kafka) {
        if (capability != null) {
            try {
                return Capability.valueOf(capability.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("unknown --capability '" + capability + "': CHAT, EMBEDDING, IMAGE, SPEECH or VIDEO");
            }
        }
        Optional<ModelSpec> known = ModelsCommand.find(ModelsCommand.read(kafka), model);
        return known.filter(spec -> !spec.getCapabilities().isEmpty()).map(spec -> spec.getCapabilities().get(0)).orElse(Capability.CHAT);
    }

    private int print(CliContext context, InferenceResponse response) {
        if (json) {
            context.out().println(response.toString());
            context.out().flush();
        }
        if (response.getStatus() != ResponseStatus.SUCCEEDED) {
            String code = response.getError() == null ? response.getStatus().name() : response.getError().getCode();
            String message = response.getError() == null ? "" : ": " + response.getError().getMessage();
            throw new CliException(ExitCode.REFUSED, "request " + response.getRequestId() + " ended " + response.getStatus() + " ("
                    + code + message + ")");
        }
        Output output = response.getOutput() == null ? Output.newBuilder().build() : response.getOutput();
        if (!json) {
            if (output.getText() != null) {
                context.out().println(output.getText());
            } else if (output.getStructuredJson() != null) {
                context.out().println(output.getStructuredJson());
            }
            output.getToolCalls().forEach(call -> context.out().println("tool call " + call.getName() + " " + call.getArgumentsJson()));
            for (List<Float> vector : output.getEmbeddings()) {
                context.out().println("embedding of " + vector.size() + " dimensions: " + vector.subList(0, Math.min(4, vector.size()))
                        + (vector.size() > 4 ? " ..." : ""));
            }
            for (BinaryRef binary : output.getBinaries()) {
                long size = binary.getSizeBytes() != null ? binary.getSizeBytes()
                        : binary.getInlineData() != null ? binary.getInlineData().remaining() : -1;
                context.out().println(binary.getContentType() + " " + binary.getUri() + (size >= 0 ? " (" + size + " bytes)" : ""));
            }
            context.out().flush();
        }
        Usage usage = response.getUsage() == null ? Usage.newBuilder().build() : response.getUsage();
        StringBuilder summary = new StringBuilder();
        summary.append(response.getSlug() != null ? response.getSlug() : model);
        summary.append(" · ").append(usage.getInputTokens()).append(" in / ").append(usage.getOutputTokens()).append(" out tokens");
        if (usage.getUnits() > 0) {
            summary.append(" · ").append(usage.getUnits()).append(' ').append(usage.getUnitKind().name().toLowerCase(Locale.ROOT));
        }
        summary.append(" · cost ").append(Credits.format(response.getCostMicros())).append(" credits");
        if (response.getCached()) {
            summary.append(" (cached)");
        }
        summary.append(" · ").append(response.getLatencyMs()).append(" ms");
        context.note(summary.toString());
        return ExitCode.OK;
    }
}
