package io.inferline.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.avro.UsageEvent;
import io.inferline.billing.topology.StoreNames;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.testkit.Await;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.KafkaStack;
import io.inferline.testkit.TestNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the aggregator (one application id, own state directories and HTTP ports) on
 * the real broker and registry: 100,000 usage events of 1,000 accounts, some delivered twice, with
 * the router's reservations and a few bad grants. Every balance must equal the sum computed here
 * from the input, and every query must get the same answer from either instance.
 */
class BillingIT {

    private static final int ACCOUNTS = 1_000;
    private static final int EVENTS = 100_000;
    private static final int DUPLICATES = 2_000;
    private static final int RESERVATIONS_PER_ACCOUNT = 10;
    private static final long GRANT = 1_000_000_000L;   // 1,000 credits
    private static final List<String> SLUGS = List.of("openai/gpt-4o-mini", "openai/gpt-4o", "anthropic/claude-sonnet-4-5",
            "google/gemini-2.5-flash", "mistral/mistral-small-latest", "recraft/recraftv3");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStack kafka = KafkaStack.shared();
    private TopicRegistry topics;
    private Map<String, Object> serde;
    private final List<BillingApp> apps = new ArrayList<>();

    @BeforeEach
    void provision() {
        topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(4);
        List<Topic<?, ?>> needed = new ArrayList<>(topics.accountKeyed());
        needed.add(topics.billingDlq());
        needed.addAll(topics.usageWindows());
        needed.add(topics.batchJobs());
        try (Admin admin = Admin.create(ClientProps.admin(kafka))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(60)).provision(needed).requireConforming();
        }
        serde = new HashMap<>(ClientProps.serde(kafka));
    }

    @AfterEach
    void stop() {
        apps.forEach(app -> app.close(Duration.ofSeconds(20)));
    }

    private BillingApp startInstance(String applicationId) throws IOException {
        Map<String, Object> config = new HashMap<>(serde);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("billing-it-state").toString());
        config.put(BillingConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        config.put(BillingConfig.ACCOUNT_PARTITIONS_CONFIG, 4);
        config.put(BillingConfig.HTTP_PORT_CONFIG, 0);
        config.put(BillingConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        config.put(BillingConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
        BillingApp app = BillingApp.start(config);
        apps.add(app);
        return app;
    }

    private <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        Properties props = ClientProps.producer(kafka, null);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), TopicSerdes.valueSerde(topic, serde).serializer());
    }

    /** What the input adds up to, per account and per model. */
    private static final class Expected {
        final Map<String, long[]> accounts = new TreeMap<>();   // cost, requests
        final Map<String, long[]> models = new TreeMap<>();     // cost, requests

        void add(UsageEvent event) {
            long[] account = accounts.computeIfAbsent(event.getAccountId(), a -> new long[2]);
            account[0] = Math.addExact(account[0], event.getCostMicros());
            account[1]++;
            long[] model = models.computeIfAbsent(event.getSlug(), s -> new long[2]);
            model[0] = Math.addExact(model[0], event.getCostMicros());
            model[1]++;
        }
    }

    @Test
    void twoInstancesChargeEveryUsageEventOnceAndAnswerEveryQueryTheSame() throws Exception {
        String applicationId = TestNames.unique("billing");
        BillingApp first = startInstance(applicationId);
        BillingApp second = startInstance(applicationId);
        Await.until(TIMEOUT, "both instances running with partitions of their own", () ->
                apps.stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING && ownsTasks(app.streams())));

        Random random = new Random(2026);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Expected expected = new Expected();
        List<UsageEvent> events = new ArrayList<>(EVENTS);
        long[] reserved = new long[ACCOUNTS];
        for (int i = 0; i < EVENTS; i++) {
            int account = i % ACCOUNTS;
            int nth = i / ACCOUNTS;   // the account's how-manieth event
            String slug = SLUGS.get(random.nextInt(SLUGS.size()));
            int outcome = random.nextInt(100);
            boolean cached = outcome < 5;
            ResponseStatus status = outcome >= 5 && outcome < 8 ? ResponseStatus.FAILED : ResponseStatus.SUCCEEDED;
            long cost = cached || status != ResponseStatus.SUCCEEDED ? 0 : 1 + random.nextInt(5_000);
            long reservation = nth < RESERVATIONS_PER_ACCOUNT ? cost + random.nextInt(2_000) : 0;
            reserved[account] += reservation;
            UsageEvent event = UsageEvent.newBuilder().setRequestId(UUID.randomUUID().toString()).setAccountId("acct-" + account)
                    .setProvider(slug.substring(0, slug.indexOf('/'))).setModel(slug.substring(slug.indexOf('/') + 1)).setSlug(slug)
                    .setUsage(Usage.newBuilder().setInputTokens(random.nextInt(2_000)).setOutputTokens(random.nextInt(800))
                            .setUnitKind(UnitKind.NONE).build())
                    .setCostMicros(cost).setReservedMicros(reservation).setStatus(status)
                    .setErrorCode(status == ResponseStatus.FAILED ? "upstream_unavailable" : null).setCached(cached)
                    .setLatencyMs(cached ? 0 : 50 + random.nextInt(3_000))
                    .setOccurredAt(base.plusMillis(i * 72L))   // two hours, in order
                    .build();
            events.add(event);
            expected.add(event);
        }

        try (KafkaProducer<String, CreditGrant> grants = producer(topics.creditGrants());
             KafkaProducer<String, BudgetReservation> reservations = producer(topics.budgetReservations())) {
            for (int a = 0; a < ACCOUNTS; a++) {
                grants.send(new ProducerRecord<>(topics.creditGrants().name(), "acct-" + a, CreditGrant.newBuilder()
                        .setGrantId("welcome-" + a).setAccountId("acct-" + a).setAmountMicros(GRANT).setKind(GrantKind.TOP_UP)
                        .setReason("IT").setIssuedAt(base).build()));
            }
            grants.send(new ProducerRecord<>(topics.creditGrants().name(), "acct-0", CreditGrant.newBuilder()
                    .setGrantId("bad-1").setAccountId("acct-0").setAmountMicros(-5).setKind(GrantKind.TOP_UP).setIssuedAt(base).build()));
            for (int i = 0; i < ACCOUNTS * RESERVATIONS_PER_ACCOUNT; i++) {
                UsageEvent event = events.get(i);
                reservations.send(new ProducerRecord<>(topics.budgetReservations().name(), event.getAccountId(),
                        BudgetReservation.newBuilder().setAccountId(event.getAccountId()).setRequestId(event.getRequestId())
                                .setAmountMicros(event.getReservedMicros()).setSeq(i / ACCOUNTS + 1).setAt(base).build()));
            }
        }
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(ClientProps.producer(kafka, null), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "acct-1".getBytes(StandardCharsets.UTF_8);
            raw.send(new ProducerRecord<>(topics.creditGrants().name(), key, "{\"amount\": 5}".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(topics.creditGrants().name(), key, new byte[] {0, 0x7f, 0, 0, 1, 2, 3})).get();
        }

        long started = System.nanoTime();
        try (KafkaProducer<String, UsageEvent> usage = producer(topics.usageEvents())) {
            for (UsageEvent event : events) {
                usage.send(new ProducerRecord<>(topics.usageEvents().name(), event.getAccountId(), event));
            }
            for (int d = 0; d < DUPLICATES; d++) {
                UsageEvent again = events.get(random.nextInt(EVENTS));
                usage.send(new ProducerRecord<>(topics.usageEvents().name(), again.getAccountId(), again));
            }
            usage.flush();
        }
        double sentSeconds = (System.nanoTime() - started) / 1e9;

        Map<String, CreditBalance> balances = awaitBalances(expected, reserved);
        double seconds = (System.nanoTime() - started) / 1e9;

        for (int a = 0; a < ACCOUNTS; a++) {
            CreditBalance balance = balances.get("acct-" + a);
            long spent = expected.accounts.get("acct-" + a)[0];
            assertThat(balance.getBalanceMicros()).as("acct-%d", a).isEqualTo(GRANT - spent);
            assertThat(balance.getLifetimeSpentMicros()).isEqualTo(spent);
            assertThat(balance.getLifetimeGrantedMicros()).isEqualTo(GRANT);
            assertThat(balance.getReservedMicros()).isZero();
            assertThat(balance.getReservationSeq()).isEqualTo(RESERVATIONS_PER_ACCOUNT);
        }
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(3);
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CLASS).value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("NEGATIVE_AMOUNT", "InvalidWireFormat", "UnknownSchemaId");

        long queriesStarted = System.nanoTime();
        int queries = checkQueries(first, second, expected, base);
        double querySeconds = (System.nanoTime() - queriesStarted) / 1e9;

        // the counters count processing, which a transaction aborted by a rebalance repeats: at least, not exactly
        String metrics = get(first, "/metrics").body() + get(second, "/metrics").body();
        assertThat(sum(metrics, "inferline_billing_dead_letters_total")).isGreaterThanOrEqualTo(3);
        assertThat(sum(metrics, "inferline_billing_duplicates_total")).isGreaterThanOrEqualTo(DUPLICATES);
        assertThat(sum(metrics, "inferline_billing_records_folded_total"))
                .isGreaterThanOrEqualTo(ACCOUNTS + ACCOUNTS * RESERVATIONS_PER_ACCOUNT + EVENTS);
        assertThat(metrics).contains("inferline_billing_consumer_lag{topic=\"" + topics.usageEvents().name() + "\"");
        int records = EVENTS + DUPLICATES;
        System.out.printf("billing IT: %,d usage records (%,d duplicates) of %,d accounts on 2 instances: sent in %.1f s,"
                        + " all balances right after %.1f s = %,.0f events/s; %,d queries asked of both instances, same answers,"
                        + " in %.1f s (4 clients)%n",
                records, DUPLICATES, ACCOUNTS, sentSeconds, seconds, records / seconds, queries, querySeconds);
    }

    private static boolean ownsTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    /** Reads credit-balances (read_committed) until every account's newest balance is the expected one. */
    private Map<String, CreditBalance> awaitBalances(Expected expected, long[] reserved) {
        Map<String, CreditBalance> newest = new HashMap<>();
        var values = TopicSerdes.valueSerde(topics.creditBalances(), serde).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(kafka, TestNames.unique("balances"), true),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.creditBalances().name()));
            int[] right = {0};
            long[] changes = {0, System.nanoTime()};
            try {
                Await.until(TIMEOUT, "every balance to add up", () -> {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        CreditBalance balance = values.deserialize(record.topic(), record.value());
                        CreditBalance before = newest.get(record.key());
                        if (before == null || balance.getVersion() > before.getVersion()) {
                            newest.put(record.key(), balance);
                        }
                        changes[0]++;
                    }
                    right[0] = (int) newest.values().stream().filter(b -> done(b, expected)).count();
                    if (System.nanoTime() - changes[1] > Duration.ofSeconds(10).toNanos()) {
                        changes[1] = System.nanoTime();
                        System.out.printf("billing IT: %,d balance changes read, %,d of %,d accounts right%n", changes[0], right[0], ACCOUNTS);
                    }
                    return right[0] == ACCOUNTS;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + right[0] + " of " + ACCOUNTS + " accounts right after "
                        + changes[0] + " balance changes", e);
            }
        }
        return newest;
    }

    private static boolean done(CreditBalance balance, Expected expected) {
        long[] account = expected.accounts.get(balance.getAccountId());
        return account != null && balance.getLifetimeSpentMicros() == account[0] && balance.getLifetimeGrantedMicros() == GRANT
                && balance.getReservationSeq() == RESERVATIONS_PER_ACCOUNT && balance.getReservedMicros() == 0;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(kafka, TestNames.unique("dlq"), true),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.billingDlq().name()));
            Await.until(TIMEOUT, expected + " dead letters", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.size() >= expected;
            });
        }
        return dead;
    }

    /**
     * Every account's balance, usage and top models, and the top models of all, asked of both
     * instances (four clients at once); returns how many questions were asked of each instance.
     */
    private int checkQueries(BillingApp first, BillingApp second, Expected expected, Instant base) throws Exception {
        String range = "from=" + base.toEpochMilli() + "&to=" + base.plus(Duration.ofHours(3)).toEpochMilli();
        List<String> accounts = new ArrayList<>(expected.accounts.keySet());
        long owned = accounts.stream().filter(account -> first.streams()
                .queryMetadataForKey(StoreNames.BALANCES, account, Serdes.String().serializer()).activeHost()
                .equals(first.httpAddress())).count();
        assertThat(owned).as("accounts the first instance owns (the others are forwarded)").isBetween(1L, ACCOUNTS - 1L);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String account : accounts) {
                checks.add(clients.submit(() -> {
                    checkAccount(first, second, account, expected.accounts.get(account), range);
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            clients.shutdownNow();
        }
        int queries = 3 * accounts.size();

        String top = "/top-models?window=1d&limit=" + SLUGS.size() + "&" + range;
        HttpResponse<String> fromFirst = get(first, top);
        assertThat(fromFirst.statusCode()).isEqualTo(200);
        assertThat(fromFirst.body()).isEqualTo(get(second, top).body());
        queries++;
        for (JsonNode model : JSON.readTree(fromFirst.body()).get("models")) {
            long[] wanted = expected.models.get(model.get("slug").asText());
            assertThat(model.get("cost_micros").asLong()).as(model.get("slug").asText()).isEqualTo(wanted[0]);
            assertThat(model.get("requests").asLong()).isEqualTo(wanted[1]);
        }
        assertThat(JSON.readTree(fromFirst.body()).get("models")).hasSize(SLUGS.size());
        return queries;
    }

    private static void checkAccount(BillingApp first, BillingApp second, String account, long[] expected, String range)
            throws IOException {
        String encoded = URLEncoder.encode(account, StandardCharsets.UTF_8);
        List<String> bodies = new ArrayList<>();
        for (String path : List.of("/accounts/" + encoded + "/balance", "/accounts/" + encoded + "/usage?window=1h&group=model&" + range,
                "/accounts/" + encoded + "/top-models?window=1d&limit=3&" + range)) {
            HttpResponse<String> fromFirst = get(first, path);
            HttpResponse<String> fromSecond = get(second, path);
            assertThat(fromFirst.statusCode()).as(path).isEqualTo(200);
            assertThat(fromFirst.body()).as(path).isEqualTo(fromSecond.body());
            bodies.add(fromFirst.body());
        }
        assertThat(JSON.readTree(bodies.get(0)).get("balance_micros").asLong()).as(account).isEqualTo(GRANT - expected[0]);
        JsonNode usage = JSON.readTree(bodies.get(1));
        assertThat(usage.get("total").get("cost_micros").asLong()).as(account).isEqualTo(expected[0]);
        assertThat(usage.get("total").get("requests").asLong()).as(account).isEqualTo(expected[1]);
    }

    private static HttpResponse<String> get(BillingApp app, String pathAndQuery) {
        URI uri = URI.create("http://" + app.httpAddress().host() + ":" + app.httpAddress().port() + pathAndQuery);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of an unlabelled sample over several expositions. */
    private static long sum(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(name.length() + 1))).sum();
    }
}
