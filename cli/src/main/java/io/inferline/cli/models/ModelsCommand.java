package io.inferline.cli.models;

import io.inferline.avro.CatalogEntry;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.Price;
import io.inferline.cli.CliContext;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import io.inferline.cli.money.Credits;
import io.inferline.cli.text.Table;
import io.inferline.schemas.catalog.CatalogKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferline models}: the catalog with prices, read from the compacted {@code model-catalog} topic to its end. */
@Command(name = "models", description = {"The model catalog with prices, as the router and workers see it.",
        "Prices in credits: per million tokens, per image, per second, per character, per request."})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", paramLabel = "P", description = "Only this provider's models.")
    String provider;

    @Option(names = "--capability", paramLabel = "C", description = "Only models with this capability (CHAT, EMBEDDING, IMAGE, ...).")
    String capability;

    @Override
    public Integer call() {
        CliContext context = InferlineCli.context(spec);
        KafkaAccess kafka = context.kafka();
        kafka.requireTopics(kafka.topics().modelCatalog().name());
        List<ModelSpec> models = new ArrayList<>(read(kafka).values());
        models.removeIf(model -> provider != null && !model.getProvider().equalsIgnoreCase(provider));
        models.removeIf(model -> capability != null && model.getCapabilities().stream()
                .noneMatch(c -> c.name().equalsIgnoreCase(capability)));
        models.sort(Comparator.comparing(ModelSpec::getSlug));
        Table table = new Table("MODEL", "CAPABILITIES", "INPUT/MTOK>", "OUTPUT/MTOK>", "OTHER", "ALIASES", "ENABLED");
        for (ModelSpec model : models) {
            Price price = model.getPrice();
            table.row(model.getSlug(),
                    model.getCapabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")),
                    money(price.getInputPerMtok()), money(price.getOutputPerMtok()), other(price),
                    String.join(",", model.getAliases()), model.getEnabled() ? "yes" : "no");
        }
        if (table.isEmpty()) {
            context.note("no models" + (provider == null ? "" : " of provider " + provider)
                    + (capability == null ? "" : " with capability " + capability) + " in " + kafka.topics().modelCatalog().name()
                    + (provider == null && capability == null ? ": the router publishes the catalog when it starts" : ""));
        } else {
            table.print(context.out());
        }
        return ExitCode.OK;
    }

    /** The newest entry of every model key of the catalog (tombstones remove). */
    public static Map<String, ModelSpec> read(KafkaAccess kafka) {
        String topic = kafka.topics().modelCatalog().name();
        Deserializer<CatalogEntry> values = kafka.valueDeserializer(kafka.topics().modelCatalog());
        Map<String, ModelSpec> models = new TreeMap<>();
        try (TopicReader reader = TopicReader.fromBeginning(kafka, topic)) {
            reader.readToEnd(record -> {
                if (record.key() == null) {
                    return;
                }
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(CatalogKeys.MODEL_PREFIX)) {
                    return;
                }
                if (record.value() == null) {
                    models.remove(key);
                    return;
                }
                CatalogEntry entry = values.deserialize(topic, record.headers(), record.value());
                if (entry.getModel() != null) {
                    models.put(key, entry.getModel());
                }
            });
        }
        return models;
    }

    /** The model {@code name} (a slug, or an alias) stands for in {@code models}. */
    public static java.util.Optional<ModelSpec> find(Map<String, ModelSpec> models, String name) {
        if (name.contains("/")) {
            String provider = name.substring(0, name.indexOf('/'));
            return java.util.Optional.ofNullable(models.get(CatalogKeys.model(provider, name.substring(name.indexOf('/') + 1))));
        }
        return models.values().stream().filter(model -> model.getAliases().stream().anyMatch(alias -> alias.equalsIgnoreCase(name)))
                .findFirst();
    }

    private static String money(long micros) {
        return micros == 0 ? "-" : Credits.format(micros);
    }

    private static String other(Price price) {
        List<String> parts = new ArrayList<>();
        if (price.getPerImage() > 0) {
            parts.add(Credits.format(price.getPerImage()) + "/image");
        }
        if (price.getPerSecond() > 0) {
            parts.add(Credits.format(price.getPerSecond()) + "/second");
        }
        if (price.getPerCharacter() > 0) {
            parts.add(Credits.format(price.getPerCharacter()) + "/character");
        }
        if (price.getPerRequest() > 0) {
            parts.add(Credits.format(price.getPerRequest()) + "/request");
        }
        if (price.getCachedInputPerMtok() > 0) {
            parts.add(Credits.format(price.getCachedInputPerMtok()) + "/mtok cached");
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
