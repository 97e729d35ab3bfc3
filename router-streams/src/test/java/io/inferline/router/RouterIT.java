package io.inferline.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.CachedResponse;
import io.inferline.avro.Capability;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.Output;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.router.cache.CacheKey;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.testkit.Await;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.KafkaStack;
import io.inferline.testkit.TestNames;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router on a real broker and registry, with exactly-once processing, counted by read_committed consumers. */
class RouterIT {

    private static final long CREDIT = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> SLUGS = List.of("openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5",
            "google/gemini-2.5-flash", "workers-ai/@cf/meta/llama-3.1-8b-instruct", "mistral/mistral-small-latest");
    private static final List<String> ALIASES = List.of("claude-opus", "gemini-flash", "gpt-4o-mini");

    private final KafkaStack kafka = KafkaStack.shared();
    private TopicRegistry topics;
    private Map<String, Object> config;
    private RouterApp router;

    @BeforeEach
    void provision() throws Exception {
        topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(3).withRequestPartitions(2);
        try (Admin admin = Admin.create(ClientProps.admin(kafka))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(60)).provision(topics.all()).requireConforming();
        }
        config = new HashMap<>(ClientProps.serde(kafka));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, TestNames.unique("router"));
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("router-state").toString());
        config.put(RouterConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        config.put(RouterConfig.ACCOUNT_PARTITIONS_CONFIG, 3);
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
    }

    private <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        return new KafkaProducer<>(ClientProps.producer(kafka, null), new StringSerializer(),
                TopicSerdes.valueSerde(topic, config).serializer());
    }

    private void grant(KafkaProducer<String, CreditBalance> balances, String account, long micros) throws Exception {
        balances.send(new ProducerRecord<>(topics.creditBalances().name(), account, CreditBalance.newBuilder()
                .setAccountId(account).setBalanceMicros(micros).setUpdatedAt(Instant.now()).build())).get();
    }

    private static InferenceRequest.Builder chat(String account, String model, String prompt) {
        return InferenceRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setAccountId(account).setModel(model)
                .setInput(Input.newBuilder().setPrompt(prompt).build())
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void tenThousandMixedRequestsEachHaveExactlyOneOutcome() throws Exception {
        List<String> cachedPrompts = List.of("cached question 0", "cached question 1", "cached question 2");
        try (KafkaProducer<String, CreditBalance> balances = producer(topics.creditBalances());
             KafkaProducer<String, CachedResponse> cache = producer(topics.responseCache())) {
            for (int a = 0; a < 20; a++) {
                grant(balances, "acct-" + a, 1_000 * CREDIT);
            }
            grant(balances, "broke", 0);
            for (String prompt : cachedPrompts) {
                InferenceRequest probe = chat("any", "openai/gpt-4o-mini", prompt).build();
                String key = CacheKey.of("openai/gpt-4o-mini", probe);
                Instant now = Instant.now();
                cache.send(new ProducerRecord<>(topics.responseCache().name(), key, CachedResponse.newBuilder()
                        .setCacheKey(key).setSlug("openai/gpt-4o-mini").setStoredAt(now).setExpiresAt(now.plus(Duration.ofHours(1)))
                        .setResponse(InferenceResponse.newBuilder().setRequestId("earlier").setAccountId("any")
                                .setStatus(ResponseStatus.SUCCEEDED).setOutput(Output.newBuilder().setText("answer").build())
                                .setSlug("openai/gpt-4o-mini").setCompletedAt(now).build()).build())).get();
            }
        }
        router = RouterApp.start(config);

        Map<String, Integer> expectedOutcomes = new HashMap<>();
        Map<String, String> kindById = new HashMap<>();
        int records = 0;
        try (KafkaProducer<String, InferenceRequest> requests = producer(topics.inferenceRequests())) {
            for (int i = 0; i < 10_000; i++) {
                String account = "acct-" + (i % 20);
                int kind = i % 10;
                InferenceRequest request = switch (kind) {
                    case 0, 1, 2 -> chat(account, SLUGS.get(i % SLUGS.size()), "question " + i).build();
                    case 3 -> chat(account, ALIASES.get(i % ALIASES.size()), "question " + i).build();
                    case 4 -> chat(account, i % 20 < 10 ? "nope/model-x" : "openai/gpt-9", "question " + i).build();
                    case 5 -> chat("broke", "openai/gpt-4o-mini", "question " + i).build();
                    case 6 -> chat(account, "openai/gpt-4o-mini", cachedPrompts.get(i % cachedPrompts.size())).build();
                    case 7 -> chat(account, "anthropic/claude-haiku-4-5", "question " + i).build();
                    case 8 -> chat(account, SLUGS.get(i % SLUGS.size()), "batch line " + i).setJobId("job-" + (i % 3))
                            .setCustomId("line-" + i).build();
                    default -> chat(account, "recraft/recraftv3", "a chat question for an image model").build();
                };
                int copies = kind == 7 ? 2 : 1;   // the same request id twice: the second is a duplicate
                for (int c = 0; c < copies; c++) {
                    requests.send(new ProducerRecord<>(topics.inferenceRequests().name(), request.getAccountId(), request));
                    records++;
                }
                expectedOutcomes.put(request.getRequestId(), copies);
                kindById.put(request.getRequestId(), Integer.toString(kind));
            }
            requests.flush();
        }

        Map<String, List<String>> outcomes = collectOutcomes(records);

        assertThat(outcomes.values().stream().mapToInt(List::size).sum()).as("outcomes of %d input records", records).isEqualTo(records);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(expectedOutcomes.keySet());
        outcomes.forEach((id, found) -> assertThat(found).as("outcomes of %s (kind %s)", id, kindById.get(id))
                .hasSize(expectedOutcomes.get(id)));
        Map<String, List<String>> byKind = new HashMap<>();
        outcomes.forEach((id, found) -> byKind.computeIfAbsent(kindById.get(id), k -> new ArrayList<>()).addAll(found));
        assertThat(byKind.get("0")).allMatch(o -> o.startsWith("routed:"));
        assertThat(byKind.get("3")).allMatch(o -> o.startsWith("routed:"));
        assertThat(byKind.get("4")).allMatch(o -> o.equals("REJECTED") );
        assertThat(byKind.get("5")).allMatch(o -> o.equals("INSUFFICIENT_CREDITS"));
        assertThat(byKind.get("6")).allMatch(o -> o.equals("SUCCEEDED:cached"));
        assertThat(byKind.get("7")).filteredOn(o -> o.equals("DUPLICATE")).hasSize(1000);
        assertThat(byKind.get("8")).allMatch(o -> o.startsWith("routed:") && o.endsWith("-batch"));
        assertThat(byKind.get("9")).allMatch(o -> o.equals("REJECTED"));
        System.out.printf("router IT: %d input records, %d request ids, %d outcomes%n", records, expectedOutcomes.size(),
                outcomes.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void concurrentRequestsOfOneAccountNeverSpendMoreThanItsBalance() throws Exception {
        long balance = 5 * CREDIT;
        try (KafkaProducer<String, CreditBalance> balances = producer(topics.creditBalances())) {
            grant(balances, "budget", balance);
        }
        router = RouterApp.start(config);
        int requests = 2_000;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (KafkaProducer<String, InferenceRequest> producer = producer(topics.inferenceRequests())) {
            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                sends.add(clients.submit(() -> {
                    for (int i = 0; i < requests / 4; i++) {
                        InferenceRequest request = chat("budget", "openai/gpt-4o", "how much is " + i)
                                .setOptions(GenerationOptions.newBuilder().setMaxOutputTokens(1_000).build()).build();
                        producer.send(new ProducerRecord<>(topics.inferenceRequests().name(), "budget", request));
                    }
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            producer.flush();
        } finally {
            clients.shutdown();
        }

        Map<String, List<String>> outcomes = collectOutcomes(requests);
        long routed = outcomes.values().stream().flatMap(List::stream).filter(o -> o.startsWith("routed:")).count();
        long refused = outcomes.values().stream().flatMap(List::stream).filter(o -> o.equals("INSUFFICIENT_CREDITS")).count();
        long reservedTotal = reservedBy("budget");

        assertThat(routed + refused).isEqualTo(requests);
        assertThat(reservedTotal).isLessThanOrEqualTo(balance);
        long worstFinalBalance = balance - reservedTotal;   // actual costs are at most the reservations
        System.out.printf("concurrent budget: %d requests from 4 threads, balance %d micro-credits, %d routed reserving %d,"
                + " %d refused INSUFFICIENT_CREDITS, final balance at worst %d micro-credits%n",
                requests, balance, routed, reservedTotal, refused, worstFinalBalance);
        assertThat(worstFinalBalance).isNotNegative();
        assertThat(routed).isPositive();
    }

    private final Map<String, Long> reservations = new ConcurrentHashMap<>();

    private long reservedBy(String account) {
        return reservations.getOrDefault(account, 0L);
    }

    /** Reads every outcome (routed records and answers) with read_committed until {@code expected} arrived, then a little more. */
    private Map<String, List<String>> collectOutcomes(int expected) {
        Map<String, List<String>> outcomes = new HashMap<>();
        Pattern outputs = Pattern.compile(Pattern.quote(topics.prefix()) + "(provider-requests-.*|inference-responses|budget-reservations|inference-requests-dlq)");
        var values = TopicSerdes.valueSerde(topics.inferenceResponses(), config).deserializer();
        var routedValues = TopicSerdes.valueSerde(topics.providerRequests("openai"), config).deserializer();
        var reservationValues = TopicSerdes.valueSerde(topics.budgetReservations(), config).deserializer();
        int[] count = {0};
        Map<String, Integer> seenByTopic = new java.util.TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(kafka,
                TestNames.unique("count"), true), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(outputs);
            Runnable pollOnce = () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String topic = record.topic().substring(topics.prefix().length());
                    if (topic.equals("budget-reservations")) {
                        var reservation = reservationValues.deserialize(record.topic(), record.value());
                        reservations.merge(reservation.getAccountId(), reservation.getAmountMicros(), Long::sum);
                        continue;
                    }
                    if (topic.endsWith("-dlq") || topic.endsWith("-retry")) {
                        var header = record.headers().lastHeader(io.inferline.schemas.topic.DeadLetterHeaders.ERROR_MESSAGE);
                        seenByTopic.merge(topic + ":" + (header == null ? "" : new String(header.value())), 1, Integer::sum);
                        continue;
                    }
                    String outcome;
                    if (topic.startsWith("provider-requests-")) {
                        RoutedRequest routed = routedValues.deserialize(record.topic(), record.value());
                        outcome = "routed:" + topic;
                        assertThat(routed.getRequest().getRequestId()).isEqualTo(record.key());
                    } else {
                        InferenceResponse response = values.deserialize(record.topic(), record.value());
                        outcome = response.getStatus() + (response.getCached() ? ":cached" : "");
                    }
                    outcomes.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(outcome);
                    seenByTopic.merge(topic + ":" + outcome, 1, Integer::sum);
                    count[0]++;
                }
            };
            try {
                Await.until(TIMEOUT, expected + " outcomes", () -> {
                    pollOnce.run();
                    return count[0] >= expected;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; seen " + count[0] + ": " + seenByTopic, e);
            }
            for (int i = 0; i < 10; i++) {
                pollOnce.run();   // anything extra (a duplicate outcome) would show up here
            }
        }
        return outcomes;
    }
}
