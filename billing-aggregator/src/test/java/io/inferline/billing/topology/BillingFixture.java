package io.inferline.billing.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BalanceAlert;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.avro.UsageEvent;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.BillingConfig;
import io.inferline.billing.BillingTopology;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.MockSchemaRegistry;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.schemas.topic.UsageWindowSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/** The billing aggregator under TopologyTestDriver, with typed topic handles and builders of its inputs. */
public final class BillingFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    public static final long CREDIT = 1_000_000L;

    public final TopicRegistry topics = TopicRegistry.standard();
    final String scope = "billing-" + UUID.randomUUID();
    public final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, UsageEvent> usage;
    public final TestInputTopic<String, CreditGrant> grants;
    public final TestInputTopic<String, BudgetReservation> reservations;
    public final TestInputTopic<String, AccountProfile> profiles;
    public final TestInputTopic<byte[], byte[]> rawGrants;
    public final TestInputTopic<byte[], byte[]> rawUsage;
    public final TestOutputTopic<String, CreditBalance> balances;
    public final TestOutputTopic<String, BalanceAlert> alerts;
    public final TestOutputTopic<byte[], byte[]> dlq;
    private final Map<UsageWindowSize, TestOutputTopic<String, UsageWindow>> windows = new HashMap<>();

    public BillingFixture() {
        this(Map.of());
    }

    public BillingFixture(Map<String, Object> billingProps) {
        this(billingProps, true);
    }

    /** @param inMemory in-memory stores (fast), or RocksDB as in production (the driver checkpoints them on every record) */
    public BillingFixture(Map<String, Object> billingProps, boolean inMemory) {
        BillingConfig config = new BillingConfig(billingProps);
        Properties props = new Properties();
        if (inMemory) {
            props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        }
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "billing-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a state directory of its own: builds on one machine would otherwise fight over a RocksDB lock
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        Map<String, Object> appConfig = new HashMap<>(serdeConfig);
        props.forEach((k, v) -> appConfig.put((String) k, v));
        driver = new TopologyTestDriver(BillingTopology.buildTopology(config, appConfig), props, START);
        usage = input(topics.usageEvents());
        grants = input(topics.creditGrants());
        reservations = input(topics.budgetReservations());
        profiles = input(topics.accountProfiles());
        rawGrants = driver.createInputTopic(topics.creditGrants().name(), new ByteArraySerializer(), new ByteArraySerializer());
        rawUsage = driver.createInputTopic(topics.usageEvents().name(), new ByteArraySerializer(), new ByteArraySerializer());
        balances = output(topics.creditBalances());
        alerts = output(topics.balanceAlerts());
        dlq = driver.createOutputTopic(topics.billingDlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (UsageWindowSize size : UsageWindowSize.values()) {
            windows.put(size, output(topics.usageWindows(size)));
        }
    }

    private static String stateDir() {
        try {
            return Files.createTempDirectory("billing-test-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), TopicSerdes.valueSerde(topic, serdeConfig).serializer());
    }

    public <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), TopicSerdes.valueSerde(topic, serdeConfig).deserializer());
    }

    public TestOutputTopic<String, UsageWindow> windows(UsageWindowSize size) {
        return windows.get(size);
    }

    public KeyValueStore<String, CreditBalance> balanceStore() {
        return driver.getKeyValueStore(StoreNames.BALANCES);
    }

    public WindowStore<String, UsageWindow> usageStore(UsageWindowSize size) {
        return driver.getWindowStore(StoreNames.usage(size));
    }

    public KeyValueStore<String, io.inferline.avro.BatchJob> jobProgressStore() {
        return driver.getKeyValueStore(StoreNames.JOB_PROGRESS);
    }

    public KeyValueStore<String, io.inferline.avro.BatchJob> jobsStore() {
        return driver.getKeyValueStore(StoreNames.BATCH_JOBS);
    }

    /** A job's record, as the CLI writes it to batch-jobs. */
    public void job(io.inferline.avro.BatchJob job) {
        input(topics.batchJobs()).pipeInput(job.getJobId(), job);
    }

    public CreditBalance balance(String account) {
        return balanceStore().get(account);
    }

    public void grant(String account, long micros) {
        send(grant(account, micros, GrantKind.TOP_UP).build());
    }

    public void send(CreditGrant grant) {
        grants.pipeInput(grant.getAccountId(), grant);
    }

    public void send(UsageEvent event) {
        usage.pipeInput(event.getAccountId(), event);
    }

    public void send(BudgetReservation reservation) {
        reservations.pipeInput(reservation.getAccountId(), reservation);
    }

    public void profile(AccountProfile profile) {
        profiles.pipeInput(profile.getAccountId(), profile);
    }

    public static CreditGrant.Builder grant(String account, long micros, GrantKind kind) {
        return CreditGrant.newBuilder().setGrantId(UUID.randomUUID().toString()).setAccountId(account)
                .setAmountMicros(micros).setKind(kind).setReason("test").setIssuedAt(START);
    }

    /** A successful, uncached request of {@code slug} costing {@code cost}, completed at {@code at}. */
    public static UsageEvent.Builder usage(String account, String slug, long cost, Instant at) {
        String[] parts = slug.split("/", 2);
        return UsageEvent.newBuilder().setRequestId(UUID.randomUUID().toString()).setAccountId(account)
                .setProvider(parts[0]).setModel(parts[1]).setSlug(slug)
                .setUsage(Usage.newBuilder().setInputTokens(100).setOutputTokens(50).setUnitKind(UnitKind.NONE).build())
                .setCostMicros(cost).setReservedMicros(0).setStatus(ResponseStatus.SUCCEEDED).setLatencyMs(200)
                .setOccurredAt(at);
    }

    public static BudgetReservation reservation(String account, long seq, long micros) {
        return BudgetReservation.newBuilder().setAccountId(account).setRequestId("req-" + seq).setAmountMicros(micros)
                .setSeq(seq).setAt(START).build();
    }

    /** The total of one of the aggregator's counters ({@link BillingSensors}), summed over threads. */
    public double counter(String name) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().group().equals(BillingSensors.GROUP) && e.getKey().name().equals(name + "-total")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.dropScope(scope);
    }
}
