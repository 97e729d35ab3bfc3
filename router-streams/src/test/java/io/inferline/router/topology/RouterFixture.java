package io.inferline.router.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BatchJob;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.router.RouterConfig;
import io.inferline.router.RouterTopology;
import io.inferline.router.catalog.CatalogFile;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.MockSchemaRegistry;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The router under TopologyTestDriver, with the bundled catalog published and typed topic handles. */
final class RouterFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final long CREDIT = 1_000_000L;

    final TopicRegistry topics = TopicRegistry.standard();
    final String scope = "router-" + UUID.randomUUID();
    final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> rawRequests;
    final TestInputTopic<String, InferenceRequest> requests;
    final TestInputTopic<String, InferenceResponse> responsesIn;
    final TestOutputTopic<String, InferenceResponse> responses;
    final TestOutputTopic<String, BudgetReservation> reservations;
    final TestOutputTopic<String, UsageEvent> usage;
    final TestOutputTopic<String, CachedResponse> cacheOut;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final TestInputTopic<String, CatalogEntry> catalog;
    private final TestInputTopic<String, CreditBalance> balances;
    private final TestInputTopic<String, AccountProfile> profiles;
    private final TestInputTopic<String, CachedResponse> cacheIn;
    private final TestInputTopic<String, BatchJob> jobs;

    RouterFixture() {
        this(Map.of());
    }

    private static String stateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("router-test-state").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    RouterFixture(Map<String, Object> routerProps) {
        RouterConfig config = new RouterConfig(routerProps);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a state directory of its own: two builds on one machine would otherwise fight over the same RocksDB lock
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        Map<String, Object> appConfig = new HashMap<>(serdeConfig);
        props.forEach((k, v) -> appConfig.put((String) k, v));
        driver = new TopologyTestDriver(RouterTopology.buildTopology(config, appConfig), props, START);
        rawRequests = driver.createInputTopic(topics.inferenceRequests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        requests = input(topics.inferenceRequests());
        responsesIn = input(topics.inferenceResponses());
        catalog = input(topics.modelCatalog());
        balances = input(topics.creditBalances());
        profiles = input(topics.accountProfiles());
        cacheIn = input(topics.responseCache());
        jobs = input(topics.batchJobs());
        responses = output(topics.inferenceResponses());
        reservations = output(topics.budgetReservations());
        usage = output(topics.usageEvents());
        cacheOut = output(topics.responseCache());
        dlq = driver.createOutputTopic(topics.requestsDlq().name(), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        CatalogFile.bundled().entries().forEach(catalog::pipeInput);
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), TopicSerdes.valueSerde(topic, serdeConfig).serializer());
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), TopicSerdes.valueSerde(topic, serdeConfig).deserializer());
    }

    TestOutputTopic<String, RoutedRequest> routed(String topicName) {
        return driver.createOutputTopic(topicName, new StringDeserializer(),
                TopicSerdes.valueSerde(topics.providerRequests("openai"), serdeConfig).deserializer());
    }

    void grant(String account, long micros) {
        balances.pipeInput(account, CreditBalance.newBuilder().setAccountId(account).setBalanceMicros(micros)
                .setUpdatedAt(START).build());
    }

    void balance(CreditBalance balance) {
        balances.pipeInput(balance.getAccountId(), balance);
    }

    void profile(AccountProfile profile) {
        profiles.pipeInput(profile.getAccountId(), profile);
    }

    void catalogEntry(String key, CatalogEntry entry) {
        catalog.pipeInput(key, entry);
    }

    void cacheEntry(CachedResponse entry) {
        cacheIn.pipeInput(entry.getCacheKey(), entry);
    }

    void job(BatchJob job) {
        jobs.pipeInput(job.getJobId(), job);
    }

    void send(InferenceRequest request) {
        requests.pipeInput(new TestRecord<>(request.getAccountId(), request));
    }

    static InferenceRequest.Builder chat(String account, String model, String prompt) {
        return InferenceRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setAccountId(account)
                .setModel(model).setInput(Input.newBuilder().setPrompt(prompt).build()).setCreatedAt(START);
    }

    List<InferenceResponse> allResponses() {
        return responses.readValuesToList();
    }

    Map<String, InferenceResponse> responsesById() {
        Map<String, InferenceResponse> byId = new HashMap<>();
        responses.readKeyValuesToList().forEach(kv -> byId.put(kv.key, kv.value));
        return byId;
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.dropScope(scope);
    }
}
