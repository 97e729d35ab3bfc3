package io.inferline.router.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BatchJob;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.router.IdempotencyRecord;
import io.inferline.avro.router.RateWindow;
import io.inferline.avro.router.ReservationLedger;
import io.inferline.router.RouterConfig;
import io.inferline.router.budget.CostEstimator;
import io.inferline.schemas.serde.SpecificAvroDeserializer;
import io.inferline.schemas.serde.SpecificAvroSerde;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicRegistry;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Wires the router: tables it reads, stores it owns, its two processors and one sink per output kind. */
public final class RouterTopologyBuilder {

    private RouterTopologyBuilder() {
    }

    /**
     * @param appConfig Kafka Streams and serde settings; explicit naming of internal resources is
     *                  always enforced, so a refactor can never silently rename a changelog
     */
    public static Topology build(RouterConfig config, Map<String, ?> appConfig) {
        Map<String, Object> streamsConfig = new java.util.HashMap<>(appConfig);
        streamsConfig.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        Map<String, ?> serdeConfig = appConfig;
        TopicRegistry topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));

        builder.globalTable(topics.modelCatalog().name(), consumed(topics.modelCatalog(), serdeConfig, "catalog"),
                Materialized.<String, CatalogEntry, KeyValueStore<Bytes, byte[]>>as(StoreNames.CATALOG));
        builder.globalTable(topics.responseCache().name(), consumed(topics.responseCache(), serdeConfig, "response-cache"),
                Materialized.<String, CachedResponse, KeyValueStore<Bytes, byte[]>>as(StoreNames.RESPONSE_CACHE));
        builder.globalTable(topics.batchJobs().name(), consumed(topics.batchJobs(), serdeConfig, "batch-jobs"),
                Materialized.<String, BatchJob, KeyValueStore<Bytes, byte[]>>as(StoreNames.BATCH_JOBS));
        builder.table(topics.creditBalances().name(), consumed(topics.creditBalances(), serdeConfig, "credit-balances"),
                Materialized.<String, CreditBalance, KeyValueStore<Bytes, byte[]>>as(StoreNames.CREDIT_BALANCES));
        builder.table(topics.accountProfiles().name(), consumed(topics.accountProfiles(), serdeConfig, "account-profiles"),
                Materialized.<String, AccountProfile, KeyValueStore<Bytes, byte[]>>as(StoreNames.ACCOUNT_PROFILES));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BUDGET_RESERVATIONS),
                Serdes.String(), avro(ReservationLedger.class, serdeConfig)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.RATE_LIMITS),
                Serdes.String(), avro(RateWindow.class, serdeConfig)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.IDEMPOTENCY),
                Serdes.String(), avro(IdempotencyRecord.class, serdeConfig)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DELAYED_REQUESTS),
                Serdes.String(), avro(InferenceRequest.class, serdeConfig)));

        RequestRouter.RouterSettings settings = new RequestRouter.RouterSettings(topics, config.defaultModel(),
                new CostEstimator(config.defaultMaxOutputTokens(), config.maxMediaSeconds()),
                config.idempotencyWindowMs(), config.cacheDefaultTtlSeconds());
        SpecificAvroDeserializer<InferenceRequest> requestDeserializer = new SpecificAvroDeserializer<>(InferenceRequest.class);
        requestDeserializer.configure(serdeConfig, false);

        // raw bytes in: undecodable records are dead-lettered by the router instead of stopping the partition
        KStream<String, RouterOutput> routed = builder
                .stream(topics.inferenceRequests().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("read-requests"))
                .process(() -> new RequestRouter(settings, requestDeserializer), Named.as("route-requests"),
                        StoreNames.CREDIT_BALANCES, StoreNames.ACCOUNT_PROFILES, StoreNames.BUDGET_RESERVATIONS,
                        StoreNames.RATE_LIMITS, StoreNames.IDEMPOTENCY, StoreNames.DELAYED_REQUESTS);

        KStream<String, RouterOutput> recorded = builder
                .stream(topics.inferenceResponses().name(), consumed(topics.inferenceResponses(), serdeConfig, "responses"))
                .selectKey((requestId, response) -> response.getAccountId(), Named.as("key-responses-by-account"))
                .repartition(Repartitioned.<String, InferenceResponse>as("responses-by-account")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(TopicSerdes.valueSerde(topics.inferenceResponses(), serdeConfig))
                        .withNumberOfPartitions(config.accountPartitions()))
                .process(ResponseRecorder::new, Named.as("record-responses"), StoreNames.IDEMPOTENCY);

        writeOutputs(routed.merge(recorded, Named.as("router-outputs")), topics, serdeConfig);
        return builder.build();
    }

    private static void writeOutputs(KStream<String, RouterOutput> outputs, TopicRegistry topics, Map<String, ?> serdeConfig) {
        outputs.split(Named.as("output-"))
                .branch((k, v) -> v instanceof RouterOutput.Routed, Branched.withConsumer(s -> s
                        .mapValues(v -> (RouterOutput.Routed) v, Named.as("as-routed"))
                        .to((k, v, ctx) -> v.topic(), Produced.<String, RouterOutput.Routed>with(Serdes.String(),
                                WrappedSerializer.writeOnlySerde(avro(RoutedRequest.class, serdeConfig),
                                        RouterOutput.Routed::request)).withName("write-routed")), "routed"))
                .branch((k, v) -> v instanceof RouterOutput.Answered, Branched.withConsumer(s -> s
                        .mapValues(v -> (RouterOutput.Answered) v, Named.as("as-answered"))
                        .to((k, v, ctx) -> v.topic(), Produced.<String, RouterOutput.Answered>with(Serdes.String(),
                                WrappedSerializer.writeOnlySerde(avro(InferenceResponse.class, serdeConfig),
                                        RouterOutput.Answered::response)).withName("write-answers")), "answered"))
                .branch((k, v) -> v instanceof RouterOutput.Reserved, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Reserved) v).reservation(), Named.as("as-reservation"))
                        .to(topics.budgetReservations().name(), Produced.with(Serdes.String(),
                                TopicSerdes.valueSerde(topics.budgetReservations(), serdeConfig)).withName("write-reservations")), "reserved"))
                .branch((k, v) -> v instanceof RouterOutput.Used, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Used) v).usage(), Named.as("as-usage"))
                        .to(topics.usageEvents().name(), Produced.with(Serdes.String(),
                                TopicSerdes.valueSerde(topics.usageEvents(), serdeConfig)).withName("write-usage")), "used"))
                .branch((k, v) -> v instanceof RouterOutput.Cached, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Cached) v).entry(), Named.as("as-cache-entry"))
                        .to(topics.responseCache().name(), Produced.with(Serdes.String(),
                                TopicSerdes.valueSerde(topics.responseCache(), serdeConfig)).withName("write-cache")), "cached"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .map((k, v) -> org.apache.kafka.streams.KeyValue.pair(((RouterOutput.DeadLettered) v).key(),
                                ((RouterOutput.DeadLettered) v).value()), Named.as("as-dead-letter"))
                        .to(topics.requestsDlq().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("write-dead-letters")), "dead-lettered"));
    }

    private static <V> Consumed<String, V> consumed(Topic<String, V> topic, Map<String, ?> serdeConfig, String name) {
        return Consumed.with(Serdes.String(), TopicSerdes.valueSerde(topic, serdeConfig)).withName("read-" + name);
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> serdeConfig) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

}
