package io.inferline.router.catalog;

import io.inferline.schemas.catalog.CatalogKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.Capability;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.Price;
import io.inferline.avro.ProviderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The versioned catalog file (providers, models, aliases, capabilities, prices, fallbacks) turned
 * into the records of the model-catalog topic. The file is validated as a whole: a bad entry fails
 * the load with a message naming it, before anything is published.
 */
public final class CatalogFile {

    /** The catalog that ships with inferline. */
    public static final String BUNDLED = "/catalog/catalog.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int version;
    private final Map<String, CatalogEntry> entries;

    private CatalogFile(int version, Map<String, CatalogEntry> entries) {
        this.version = version;
        this.entries = entries;
    }

    public static CatalogFile bundled() {
        try (InputStream in = CatalogFile.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled catalog " + BUNDLED + " is missing from the classpath");
            }
            return parse(JSON.readTree(in), BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CatalogFile load(Path file) {
        try {
            return parse(JSON.readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    static CatalogFile parse(JsonNode root, String source) {
        int version = root.path("version").asInt(0);
        if (version <= 0) {
            throw invalid(source, "needs a positive \"version\"");
        }
        Instant now = Instant.now();
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        Set<String> providers = new HashSet<>();
        for (JsonNode node : root.path("providers")) {
            String id = text(node, "id", source);
            if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                throw invalid(source, "provider id '" + id + "' must be lowercase kebab-case");
            }
            providers.add(id);
            entries.put(CatalogKeys.provider(id), CatalogEntry.newBuilder()
                    .setProvider(ProviderSpec.newBuilder().setId(id).setName(node.path("name").asText(id))
                            .setEnabled(node.path("enabled").asBoolean(true)).build())
                    .setCatalogVersion(version).setUpdatedAt(now).build());
        }
        List<ModelSpec> models = new ArrayList<>();
        for (JsonNode node : root.path("models")) {
            models.add(model(node, providers, source));
        }
        Set<String> slugs = new HashSet<>();
        models.forEach(m -> slugs.add(m.getSlug()));
        for (ModelSpec model : models) {
            for (String fallback : model.getFallbacks()) {
                if (!slugs.contains(fallback)) {
                    throw invalid(source, "model " + model.getSlug() + " falls back to unknown slug " + fallback);
                }
            }
            entries.put(CatalogKeys.model(model.getProvider(), model.getModelId()), modelEntry(model, version, now));
            for (String alias : model.getAliases()) {
                CatalogEntry previous = entries.put(CatalogKeys.alias(alias), modelEntry(model, version, now));
                if (previous != null) {
                    throw invalid(source, "alias " + alias + " is used by " + previous.getModel().getSlug()
                            + " and " + model.getSlug());
                }
            }
        }
        return new CatalogFile(version, entries);
    }

    private static ModelSpec model(JsonNode node, Set<String> providers, String source) {
        String slug = text(node, "slug", source);
        int slash = slug.indexOf('/');
        if (slash <= 0 || slash == slug.length() - 1) {
            throw invalid(source, "slug '" + slug + "' is not provider/model");
        }
        String provider = slug.substring(0, slash);
        if (!providers.contains(provider)) {
            throw invalid(source, "model " + slug + " names provider '" + provider + "', which is not in \"providers\"");
        }
        List<Capability> capabilities = new ArrayList<>();
        for (JsonNode capability : node.path("capabilities")) {
            try {
                capabilities.add(Capability.valueOf(capability.asText()));
            } catch (IllegalArgumentException e) {
                throw invalid(source, "model " + slug + " has unknown capability " + capability.asText());
            }
        }
        if (capabilities.isEmpty()) {
            throw invalid(source, "model " + slug + " has no capabilities");
        }
        return ModelSpec.newBuilder()
                .setSlug(slug)
                .setProvider(provider)
                .setModelId(slug.substring(slash + 1))
                .setCapabilities(capabilities)
                .setAliases(strings(node.path("aliases")))
                .setFallbacks(strings(node.path("fallbacks")))
                .setPrice(Price.newBuilder()
                        .setInputPerMtok(price(node, "input_per_mtok", slug, source))
                        .setOutputPerMtok(price(node, "output_per_mtok", slug, source))
                        .setCachedInputPerMtok(price(node, "cached_input_per_mtok", slug, source))
                        .setPerImage(price(node, "per_image", slug, source))
                        .setPerSecond(price(node, "per_second", slug, source))
                        .setPerCharacter(price(node, "per_character", slug, source))
                        .setPerRequest(price(node, "per_request", slug, source))
                        .build())
                .setContextWindow(node.hasNonNull("context_window") ? node.get("context_window").asInt() : null)
                .setMaxOutputTokens(node.hasNonNull("max_output_tokens") ? node.get("max_output_tokens").asInt() : null)
                .setEnabled(node.path("enabled").asBoolean(true))
                .build();
    }

    private static CatalogEntry modelEntry(ModelSpec model, int version, Instant now) {
        return CatalogEntry.newBuilder().setModel(model).setCatalogVersion(version).setUpdatedAt(now).build();
    }

    private static long price(JsonNode node, String field, String slug, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw invalid(source, "model " + slug + ": " + field + " must be a non-negative whole number of micro-credits, not " + value);
        }
        return value.asLong();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(source, "an entry lacks \"" + field + "\": " + node);
        }
        return value.asText();
    }

    private static IllegalArgumentException invalid(String source, String problem) {
        return new IllegalArgumentException("catalog " + source + ": " + problem);
    }

    public int version() {
        return version;
    }

    /** The records to publish to model-catalog, by key, in file order. */
    public Map<String, CatalogEntry> entries() {
        return entries;
    }
}
