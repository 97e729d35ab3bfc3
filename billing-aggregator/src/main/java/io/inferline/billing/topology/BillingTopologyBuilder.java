package io.inferline.billing.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.UsageEvent;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.BillingConfig;
import io.inferline.billing.ledger.InputChecks;
import io.inferline.billing.ledger.Rejection;
import io.inferline.schemas.serde.SpecificAvroDeserializer;
import io.inferline.schemas.serde.SpecificAvroSerde;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the aggregator: three raw input topics decoded by their readers and merged into the
 * ledger, the ledger's outputs split by kind, and the charges it lets through folded into the
 * usage windows. Everything runs in one sub-topology partitioned by account: no repartition topic.
 */
public final class BillingTopologyBuilder {

    private BillingTopologyBuilder() {
    }

    /**
     * @param appConfig Kafka Streams and serde settings; explicit naming of internal resources is
     *                  always enforced, so a refactor can never silently rename a changelog
     */
    public static Topology build(BillingConfig config, Map<String, ?> appConfig) {
        Map<String, Object> streamsConfig = new HashMap<>(appConfig);
        streamsConfig.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        Map<String, ?> serdeConfig = appConfig;
        TopicRegistry topics = config.topics();
        StreamsConfig streams = new StreamsConfig(streamsConfig);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(streams));

        builder.table(topics.accountProfiles().name(), Consumed.with(Serdes.String(),
                        TopicSerdes.valueSerde(topics.accountProfiles(), serdeConfig)).withName("read-account-profiles"),
                Materialized.<String, AccountProfile, KeyValueStore<Bytes, byte[]>>as(StoreNames.ACCOUNT_PROFILES));
        builder.globalTable(topics.batchJobs().name(), Consumed.with(Serdes.String(),
                        TopicSerdes.valueSerde(topics.batchJobs(), serdeConfig)).withName("read-batch-jobs"),
                Materialized.<String, io.inferline.avro.BatchJob, KeyValueStore<Bytes, byte[]>>as(StoreNames.BATCH_JOBS));
        addStores(builder, config, streams, serdeConfig);

        InputChecks checks = new InputChecks(config.grantMaxMicros());
        KStream<String, LedgerInput> usage = read(builder, topics.usageEvents(), serdeConfig, "usage", checks::usage,
                (event, key, bytes) -> new LedgerInput.Usage(event, key, bytes));
        KStream<String, LedgerInput> grants = read(builder, topics.creditGrants(), serdeConfig, "grants", checks::grant,
                (grant, key, bytes) -> new LedgerInput.Grant(grant, key, bytes));
        KStream<String, LedgerInput> reservations = read(builder, topics.budgetReservations(), serdeConfig, "reservations",
                checks::reservation, (reservation, key, bytes) -> new LedgerInput.Reservation(reservation, key, bytes));

        LedgerProcessor.LedgerSettings ledger = new LedgerProcessor.LedgerSettings(config.dedupRetentionMs(),
                config.lowBalanceMicros(), config.exhaustedMicros());
        KStream<String, BillingOutput> outputs = usage
                .merge(grants, Named.as("merge-grants"))
                .merge(reservations, Named.as("merge-reservations"))
                .process(() -> new LedgerProcessor(ledger), Named.as("fold-ledger"), StoreNames.BALANCES,
                        StoreNames.CHARGED_REQUESTS, StoreNames.APPLIED_GRANTS, StoreNames.ACCOUNT_PROFILES);

        UsageWindowsProcessor.UsageSettings windows = new UsageWindowsProcessor.UsageSettings(config.usageGraceMs(),
                config.usageMaxFutureMs());
        Map<Long, String> windowTopics = new HashMap<>();
        for (UsageWindowSize size : UsageWindowSize.values()) {
            windowTopics.put(size.size().toMillis(), topics.usageWindows(size).name());
        }
        List<String> windowStores = new ArrayList<>();
        for (UsageWindowSize size : UsageWindowSize.values()) {
            windowStores.add(StoreNames.usage(size));
        }
        windowStores.add(StoreNames.USAGE_STREAM_TIME);

        outputs.split(Named.as("ledger-"))
                .branch((k, v) -> v instanceof BillingOutput.BalanceChanged, Branched.withConsumer(s -> s
                        .mapValues(v -> ((BillingOutput.BalanceChanged) v).balance(), Named.as("as-balance"))
                        .to(topics.creditBalances().name(), Produced.with(Serdes.String(),
                                TopicSerdes.valueSerde(topics.creditBalances(), serdeConfig)).withName("write-balances")), "balances"))
                .branch((k, v) -> v instanceof BillingOutput.Alerted, Branched.withConsumer(s -> s
                        .mapValues(v -> ((BillingOutput.Alerted) v).alert(), Named.as("as-alert"))
                        .to(topics.balanceAlerts().name(), Produced.with(Serdes.String(),
                                TopicSerdes.valueSerde(topics.balanceAlerts(), serdeConfig)).withName("write-alerts")), "alerts"))
                .branch((k, v) -> v instanceof BillingOutput.DeadLettered, Branched.withConsumer(s -> s
                        .map((k, v) -> KeyValue.pair(((BillingOutput.DeadLettered) v).key(), ((BillingOutput.DeadLettered) v).value()),
                                Named.as("as-dead-letter"))
                        .to(topics.billingDlq().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("write-dead-letters")), "dead-lettered"))
                .defaultBranch(Branched.withConsumer(s -> {
                    KStream<String, UsageEvent> charges = s.mapValues(v -> ((BillingOutput.Charged) v).usage(), Named.as("as-charge"));
                    charges.process(JobProgressProcessor::new, Named.as("count-job-answers"), StoreNames.JOB_PROGRESS);
                    charges.process(() -> new UsageWindowsProcessor(windows), Named.as("fold-usage-windows"),
                                    windowStores.toArray(String[]::new))
                            .to((key, window, ctx) -> windowTopics.get(window.getWindowSizeMs()),
                                    Produced.with(Serdes.String(), avro(UsageWindow.class, serdeConfig))
                                            .withStreamPartitioner(new AccountPartitioner()).withName("write-usage-windows"));
                }, "charged"));
        return builder.build();
    }

    /**
     * Every topic the topology writes Avro values to, with the schema it writes: its outputs and the
     * changelogs of its Avro stores ({@code <application.id>-<store>-changelog}).
     */
    public static Map<String, org.apache.avro.Schema> avroValueTopics(BillingConfig config, String applicationId) {
        TopicRegistry topics = config.topics();
        Map<String, org.apache.avro.Schema> written = new java.util.LinkedHashMap<>();
        written.put(topics.creditBalances().name(), CreditBalance.getClassSchema());
        written.put(topics.balanceAlerts().name(), io.inferline.avro.BalanceAlert.getClassSchema());
        topics.usageWindows().forEach(t -> written.put(t.name(), UsageWindow.getClassSchema()));
        written.put(changelog(applicationId, StoreNames.BALANCES), CreditBalance.getClassSchema());
        written.put(changelog(applicationId, StoreNames.ACCOUNT_PROFILES), AccountProfile.getClassSchema());
        written.put(changelog(applicationId, StoreNames.JOB_PROGRESS), io.inferline.avro.BatchJob.getClassSchema());
        for (UsageWindowSize size : UsageWindowSize.values()) {
            written.put(changelog(applicationId, StoreNames.usage(size)), UsageWindow.getClassSchema());
        }
        return written;
    }

    private static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The aggregator's own stores come from the same {@link DslStoreSuppliers} as the DSL's
     * ({@code dsl.store.suppliers.class}, RocksDB by default), so one setting chooses where all
     * state lives (tests use memory: the TopologyTestDriver checkpoints persistent stores on every record).
     */
    private static void addStores(StreamsBuilder builder, BillingConfig config, StreamsConfig streamsConfig, Map<String, ?> serdeConfig) {
        DslStoreSuppliers stores = streamsConfig.getConfiguredInstance(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                DslStoreSuppliers.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(StoreNames.BALANCES, false)),
                Serdes.String(), avro(CreditBalance.class, serdeConfig)).withCachingEnabled());
        // one "window" per charge, its size irrelevant; what matters is the retention
        // written once per request and read only for duplicates: a cache would only evict useful entries
        builder.addStateStore(Stores.windowStoreBuilder(stores.windowStore(windowParams(StoreNames.CHARGED_REQUESTS,
                Duration.ofMillis(config.dedupRetentionMs()), Duration.ofMillis(1))), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(StoreNames.APPLIED_GRANTS, false)),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(StoreNames.JOB_PROGRESS, false)),
                Serdes.String(), avro(io.inferline.avro.BatchJob.class, serdeConfig)).withCachingEnabled());
        for (UsageWindowSize size : UsageWindowSize.values()) {
            builder.addStateStore(Stores.windowStoreBuilder(stores.windowStore(windowParams(StoreNames.usage(size),
                            Duration.ofMillis(config.usageRetentionMs(size)), size.size())),
                    Serdes.String(), avro(UsageWindow.class, serdeConfig)).withCachingEnabled());
        }
        // a single key per task: in memory (changelogged, so restored after a crash)
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.USAGE_STREAM_TIME),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
    }

    private static DslWindowParams windowParams(String name, Duration retention, Duration size) {
        return new DslWindowParams(name, retention, size, false, EmitStrategy.onWindowUpdate(), false, false);
    }

    private static <T extends SpecificRecord> KStream<String, LedgerInput> read(StreamsBuilder builder, Topic<String, T> topic,
            Map<String, ?> serdeConfig, String name, BiFunction<String, T, Optional<Rejection>> check, InputReader.Wrap<T> wrap) {
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(topic.valueType());
        deserializer.configure(serdeConfig, false);
        // raw bytes in: a record that cannot be decoded is dead-lettered instead of stopping the partition
        return builder.stream(topic.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-" + name))
                .process(() -> new InputReader<>(topic.name(), deserializer, check, wrap), Named.as("decode-" + name));
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> serdeConfig) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }
}
