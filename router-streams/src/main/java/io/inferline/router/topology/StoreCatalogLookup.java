package io.inferline.router.topology;

import io.inferline.avro.CatalogEntry;
import io.inferline.router.catalog.CatalogLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** The catalog global table as a {@link CatalogLookup}: changes to the topic apply without a restart. */
final class StoreCatalogLookup implements CatalogLookup {
    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<CatalogEntry>> store;

    StoreCatalogLookup(ReadOnlyKeyValueStore<String, ValueAndTimestamp<CatalogEntry>> store) {
        this.store = store;
    }

    @Override
    public Optional<CatalogEntry> get(String key) {
        return Optional.ofNullable(store.get(key)).map(ValueAndTimestamp::value);
    }

    @Override
    public List<String> keysWithPrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<CatalogEntry>> it = store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
