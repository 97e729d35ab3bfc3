package io.inferline.router.catalog;

import io.inferline.avro.CatalogEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The catalog as a sorted map, like the router's state store. */
public final class MapCatalog implements CatalogLookup {
    private final TreeMap<String, CatalogEntry> entries;

    public MapCatalog(Map<String, CatalogEntry> entries) {
        this.entries = new TreeMap<>(entries);
    }

    public static MapCatalog bundled() {
        return new MapCatalog(CatalogFile.bundled().entries());
    }

    public void put(String key, CatalogEntry entry) {
        entries.put(key, entry);
    }

    @Override
    public Optional<CatalogEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public List<String> keysWithPrefix(String prefix) {
        return List.copyOf(entries.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
    }
}
