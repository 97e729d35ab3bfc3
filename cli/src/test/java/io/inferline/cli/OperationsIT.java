package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.Output;
import io.inferline.avro.Price;
import io.inferline.avro.ProviderSpec;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.Usage;
import io.inferline.cli.dlq.DlqCommand;
import io.inferline.schemas.catalog.CatalogKeys;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** {@code credits grant}, {@code models}, {@code dlq} and {@code run} on the real broker and registry. */
class OperationsIT {

    private final ClusterFixture cluster = new ClusterFixture();
    private final CliRunner cli = cluster.cli(ClusterFixture.nobodyListening());

    @Test
    void creditsGrantProducesTheGrant() {
        CliRunner.Result result = cli.run("credits", "grant", "acct-7", "12.5", "--reason", "welcome credits", "--kind", "refund",
                "--grant-id", "grant-it-1");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("granted 12.500000 credits to acct-7 (refund, grant grant-it-1)\n");
        List<ConsumerRecord<byte[], byte[]>> records = cluster.readAll(cluster.topics.creditGrants().name(), true);
        assertThat(records).singleElement().satisfies(record ->
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acct-7"));
        assertThat(cluster.values(cluster.topics.creditGrants())).singleElement().satisfies(grant -> {
            assertThat(grant.getGrantId()).isEqualTo("grant-it-1");
            assertThat(grant.getAccountId()).isEqualTo("acct-7");
            assertThat(grant.getAmountMicros()).isEqualTo(12_500_000L);
            assertThat(grant.getKind()).isEqualTo(GrantKind.REFUND);
            assertThat(grant.getUnit()).isEqualTo("micro-credits");
            assertThat(grant.getReason()).isEqualTo("welcome credits");
            assertThat(grant.getIssuedAt()).isNotNull();
        });
        CliRunner.Result zero = cli.run("credits", "grant", "acct-7", "0", "--reason", "x");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cluster.values(cluster.topics.creditGrants())).hasSize(1);
        assertThat(cluster.values(cluster.topics.creditGrants()).get(0)).isInstanceOf(CreditGrant.class);
    }

    private static CatalogEntry model(String slug, Capability capability, long input, long output, long perImage, String... aliases) {
        return CatalogEntry.newBuilder().setModel(ModelSpec.newBuilder().setSlug(slug).setProvider(slug.substring(0, slug.indexOf('/')))
                .setModelId(slug.substring(slug.indexOf('/') + 1)).setCapabilities(List.of(capability)).setAliases(List.of(aliases))
                .setPrice(Price.newBuilder().setInputPerMtok(input).setOutputPerMtok(output).setPerImage(perImage).build()).build())
                .setCatalogVersion(1).setUpdatedAt(Instant.now()).build();
    }

    @Test
    void modelsPrintsTheCatalogWithPrices() throws Exception {
        try (KafkaProducer<String, CatalogEntry> producer = cluster.producer(cluster.topics.modelCatalog())) {
            String topic = cluster.topics.modelCatalog().name();
            producer.send(new ProducerRecord<>(topic, CatalogKeys.provider("openai"), CatalogEntry.newBuilder()
                    .setProvider(ProviderSpec.newBuilder().setId("openai").setName("OpenAI").build()).setUpdatedAt(Instant.now()).build()));
            producer.send(new ProducerRecord<>(topic, CatalogKeys.model("openai", "gpt-4o-mini"),
                    model("openai/gpt-4o-mini", Capability.CHAT, 150_000, 600_000, 0, "gpt-4o-mini")));
            producer.send(new ProducerRecord<>(topic, CatalogKeys.model("recraft", "recraftv3"),
                    model("recraft/recraftv3", Capability.IMAGE, 0, 0, 40_000)));
            producer.send(new ProducerRecord<>(topic, CatalogKeys.model("openai", "gpt-old"),
                    model("openai/gpt-old", Capability.CHAT, 1, 1, 0)));
            producer.send(new ProducerRecord<>(topic, CatalogKeys.model("openai", "gpt-old"), null));
            producer.flush();
        }

        CliRunner.Result all = cli.run("models");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out().lines()).hasSize(3);
        assertThat(all.out()).contains("MODEL").contains("INPUT/MTOK").doesNotContain("gpt-old");
        assertThat(all.out().lines().filter(l -> l.startsWith("openai/gpt-4o-mini"))).singleElement()
                .satisfies(line -> assertThat(line).contains("chat").contains("0.150000").contains("0.600000").contains("gpt-4o-mini"));
        assertThat(all.out().lines().filter(l -> l.startsWith("recraft/recraftv3"))).singleElement()
                .satisfies(line -> assertThat(line).contains("image").contains("0.040000/image"));

        CliRunner.Result recraft = cli.run("models", "--provider", "recraft");
        assertThat(recraft.out().lines()).hasSize(2).last().asString().startsWith("recraft/recraftv3");
        CliRunner.Result chat = cli.run("models", "--capability", "chat");
        assertThat(chat.out().lines()).hasSize(2).last().asString().startsWith("openai/gpt-4o-mini");
    }

    @Test
    void dlqListShowAndReplayPutTheOriginalBytesBack() throws Exception {
        String source = cluster.topics.providerBatch("openai").name();
        String dlq = cluster.topics.providerDlq("openai").name();
        InferenceRequest request = InferenceRequest.newBuilder().setRequestId("req-dead-1").setAccountId("acct")
                .setInput(Input.newBuilder().setPrompt("hello").build()).setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        RoutedRequest routed = RoutedRequest.newBuilder().setRequest(request).setProvider("openai").setModel("gpt-4o-mini")
                .setSlug("openai/gpt-4o-mini").setRoutedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        byte[] value = TopicSerdes.valueSerde(cluster.topics.providerBatch("openai"), cluster.kafka.serdeConfig()).serializer()
                .serialize(source, routed);
        byte[] key = "req-dead-1".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.REQUEST_ID, key);
        headers.add(DeadLetterHeaders.ERROR_CLASS, bytes("upstream_error"));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, bytes("401 invalid api key"));
        headers.add(DeadLetterHeaders.STAGE, bytes("call-upstream"));
        headers.add(DeadLetterHeaders.ATTEMPTS, bytes("1"));
        headers.add(DeadLetterHeaders.FIRST_FAILURE_MS, bytes("1767225600000"));
        headers.add(DeadLetterHeaders.LAST_FAILURE_MS, bytes("1767225600000"));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, bytes(source));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, bytes("1"));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, bytes("41"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientProps.producer(cluster.kafka, null),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dlq, 1, key, value, headers)).get();
        }

        CliRunner.Result list = cli.run("dlq", "list", "openai");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines()).hasSize(2);
        assertThat(list.out()).contains("1:0").contains("req-dead-1").contains(source).contains("call-upstream")
                .contains("upstream_error: 401 invalid api key");

        CliRunner.Result show = cli.run("dlq", "show", "openai", "0");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("position  1:0").contains(DeadLetterHeaders.SOURCE_OFFSET + " = 41")
                .contains("key       req-dead-1").contains("\"request_id\": \"req-dead-1\"");
        assertThat(cli.run("dlq", "show", "openai", "0:5").exitCode()).isEqualTo(ExitCode.NOT_FOUND);

        CliRunner.Result dryRun = cli.run("dlq", "replay", "openai", "--all", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("would replay 1:0 (request req-dead-1) to " + source);
        assertThat(cluster.readAll(source, false)).isEmpty();

        CliRunner.Result replay = cli.run("dlq", "replay", "openai", "--offset", "1:0");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        List<ConsumerRecord<byte[], byte[]>> replayed = cluster.readAll(source, true);
        assertThat(replayed).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(key);
            assertThat(record.value()).isEqualTo(value);
            assertThat(record.headers().lastHeader(TraceHeaders.REQUEST_ID).value()).isEqualTo(key);
            for (Header header : record.headers()) {
                assertThat(header.key()).doesNotStartWith(DeadLetterHeaders.PREFIX);
            }
            assertThat(new String(record.headers().lastHeader(DlqCommand.REPLAYED_FROM_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo(dlq + ":1:0");
        });
        assertThat(cli.run("dlq", "list", "nosuchprovider").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void runSendsOneRequestAndPrintsItsAnswer() throws Exception {
        // stands in for the router and a worker: answers every request it sees
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> responder = CompletableFuture.runAsync(() -> answerRequests(stop));
        try {
            CliRunner.Result result = cli.run("run", "openai/gpt-4o-mini", "What is 2+2?", "--timeout", "60s");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("the answer to: What is 2+2?\n");
            assertThat(result.err()).contains("openai/gpt-4o-mini").contains("7 in / 3 out tokens").contains("cost 0.000042 credits");

            CliRunner.Result failed = cli.run("run", "openai/gpt-4o-mini", "fail please", "--timeout", "60s");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.REFUSED);
            assertThat(failed.err()).contains("ended REJECTED (UNKNOWN_MODEL: no such model)");
        } finally {
            stop.set(true);
            responder.get(30, TimeUnit.SECONDS);
        }
        CliRunner.Result timedOut = cli.run("run", "openai/gpt-4o-mini", "nobody answers", "--timeout", "2s");
        assertThat(timedOut.exitCode()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(timedOut.err()).contains("no answer to request").contains("within 2s");
    }

    private void answerRequests(AtomicBoolean stop) {
        String requests = cluster.topics.inferenceRequests().name();
        var values = TopicSerdes.valueSerde(cluster.topics.inferenceRequests(), cluster.kafka.serdeConfig()).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(cluster.kafka, TestNames.unique("responder"), true),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             KafkaProducer<String, InferenceResponse> producer = cluster.producer(cluster.topics.inferenceResponses())) {
            consumer.subscribe(List.of(requests));
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    InferenceRequest request = values.deserialize(requests, record.headers(), record.value());
                    if (request.getInput().getPrompt().equals("nobody answers")) {
                        continue;
                    }
                    boolean fail = request.getInput().getPrompt().startsWith("fail");
                    InferenceResponse.Builder response = InferenceResponse.newBuilder().setRequestId(request.getRequestId())
                            .setAccountId(request.getAccountId()).setSlug(request.getModel()).setCompletedAt(Instant.now())
                            .setLatencyMs(12);
                    if (fail) {
                        response.setStatus(ResponseStatus.REJECTED).setError(io.inferline.avro.ErrorInfo.newBuilder()
                                .setCode("UNKNOWN_MODEL").setMessage("no such model").build());
                    } else {
                        response.setStatus(ResponseStatus.SUCCEEDED).setCostMicros(42)
                                .setOutput(Output.newBuilder().setText("the answer to: " + request.getInput().getPrompt()).build())
                                .setUsage(Usage.newBuilder().setInputTokens(7).setOutputTokens(3).build());
                    }
                    producer.send(new ProducerRecord<>(cluster.topics.inferenceResponses().name(), request.getRequestId(), response.build()));
                }
                producer.flush();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
