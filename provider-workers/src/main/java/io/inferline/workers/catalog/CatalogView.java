package io.inferline.workers.catalog;

import io.inferline.avro.CatalogEntry;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.ProviderSpec;
import io.inferline.schemas.catalog.CatalogKeys;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model catalog as the workers see it: the compacted {@code model-catalog} topic read from the
 * start into memory and followed while the worker runs, so prices and fallback models are one map
 * get on the hot path. Catalog updates the router publishes reach the workers within a poll.
 */
public final class CatalogView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogView.class);

    private final Map<String, ModelSpec> models = new ConcurrentHashMap<>();
    private final Map<String, ProviderSpec> providers = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<CatalogEntry> values;
    private final Topic<String, CatalogEntry> topic;
    private final Thread follower;
    private volatile boolean running = true;

    private CatalogView(Topic<String, CatalogEntry> topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.values = TopicSerdes.valueSerde(topic, clientConfig).deserializer();
        this.follower = new Thread(this::follow, "catalog-view");
        this.follower.setDaemon(true);
    }

    /** Starts following {@code topic}; {@link #awaitLoaded} tells when everything present at start has been read. */
    public static CatalogView follow(Topic<String, CatalogEntry> topic, Map<String, Object> clientConfig) {
        CatalogView view = new CatalogView(topic, clientConfig);
        view.follower.start();
        return view;
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<ModelSpec> model(String slug) {
        return Optional.ofNullable(models.get(slug));
    }

    public Optional<ProviderSpec> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** A model that can take requests: known, enabled, and its provider enabled. */
    public Optional<ModelSpec> usableModel(String slug) {
        return model(slug).filter(ModelSpec::getEnabled)
                .filter(m -> provider(m.getProvider()).map(ProviderSpec::getEnabled).orElse(false));
    }

    private void follow() {
        try {
            while (running) {
                try {
                    readFromTheStart();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    // e.g. the registry unreachable: read the (small, compacted) catalog again from the start in a while
                    LOG.warn("catalog view: {}; reading {} again in 5 s", e.toString(), topic.name());
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void readFromTheStart() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                apply(record);
            }
            if (loaded.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                LOG.info("catalog loaded: {} models, {} providers", models.size(), providers.size());
                loaded.countDown();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        CatalogEntry entry;
        try {
            entry = record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
        } catch (io.inferline.schemas.serde.AvroSerdeException.RegistryUnavailable e) {
            throw e; // not the record's fault: read again
        } catch (RuntimeException e) {
            LOG.warn("skipping unreadable catalog record {} at offset {}: {}", key, record.offset(), e.getMessage());
            return;
        }
        if (key.startsWith(CatalogKeys.MODEL_PREFIX)) {
            String slug = key.substring(CatalogKeys.MODEL_PREFIX.length());
            if (entry == null || entry.getModel() == null) {
                models.remove(slug);
            } else {
                models.put(entry.getModel().getSlug(), entry.getModel());
            }
        } else if (key.startsWith(CatalogKeys.PROVIDER_PREFIX)) {
            String id = key.substring(CatalogKeys.PROVIDER_PREFIX.length());
            if (entry == null || entry.getProvider() == null) {
                providers.remove(id);
            } else {
                providers.put(entry.getProvider().getId(), entry.getProvider());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
