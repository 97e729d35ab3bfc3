package io.inferline.router.catalog;

import io.inferline.avro.CatalogEntry;
import java.util.List;
import java.util.Optional;

/** Read access to the model catalog as the router sees it (a state store in the app, a map in tests). */
public interface CatalogLookup {

    Optional<CatalogEntry> get(String key);

    /** Keys starting with {@code prefix}; used only to suggest alternatives on the error path. */
    List<String> keysWithPrefix(String prefix);
}
