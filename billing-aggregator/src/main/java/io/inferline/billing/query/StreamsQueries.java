package io.inferline.billing.query;

import io.inferline.avro.CreditBalance;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.topology.StoreNames;
import io.inferline.schemas.topic.UsageWindowSize;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * {@link Placement} and {@link LocalStores} of a running {@link KafkaStreams}: ownership from
 * {@link KafkaStreams#queryMetadataForKey} (the balance store's partitioner is the account
 * topics' default one), stores through interactive queries of active tasks only, so every
 * instance answers from the same, current copy.
 */
public final class StreamsQueries implements Placement, LocalStores {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public StreamsQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Owner ownerOf(String account) {
        Optional<String> notReady = notReady();
        if (notReady.isPresent()) {
            return new Unavailable(notReady.get());
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.BALANCES, account, KEYS);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost() == null) {
            return new Unavailable("the owner of account '" + account + "' is not known yet (rebalancing)");
        }
        return metadata.activeHost().equals(self) ? new Local(metadata.partition()) : new Remote(metadata.activeHost());
    }

    @Override
    public Optional<String> notReady() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? Optional.empty()
                : Optional.of("the aggregator is " + state + ", not RUNNING (starting or rebalancing)");
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public List<HostInfo> instances() {
        return streams.streamsMetadataForStore(StoreNames.BALANCES).stream().map(StreamsMetadata::hostInfo).distinct()
                .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port)).toList();
    }

    @Override
    public ReadOnlyKeyValueStore<String, CreditBalance> balances(OptionalInt partition) {
        return store(StoreNames.BALANCES, QueryableStoreTypes.keyValueStore(), partition);
    }

    @Override
    public ReadOnlyWindowStore<String, UsageWindow> usage(UsageWindowSize size, OptionalInt partition) {
        return store(StoreNames.usage(size), QueryableStoreTypes.windowStore(), partition);
    }

    @Override
    public ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobProgress(OptionalInt partition) {
        return store(StoreNames.JOB_PROGRESS, QueryableStoreTypes.keyValueStore(), partition);
    }

    @Override
    public ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobs() {
        return store(StoreNames.BATCH_JOBS, QueryableStoreTypes.keyValueStore(), OptionalInt.empty());
    }

    private <T> T store(String name, QueryableStoreType<T> type, OptionalInt partition) {
        StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(name, type);
        if (partition.isPresent()) {
            parameters = parameters.withPartition(partition.getAsInt());
        }
        return streams.store(parameters);
    }
}
