package io.inferline.router;

import io.inferline.schemas.app.AppMain;
import io.inferline.avro.CatalogEntry;
import io.inferline.router.catalog.CatalogFile;
import io.inferline.router.catalog.CatalogPublisher;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router service: checks its topics, publishes the catalog, and runs the routing topology with
 * exactly-once processing until stopped.
 */
public final class RouterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);

    private final KafkaStreams streams;

    private RouterApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Kafka Streams settings the router needs whatever the user configured. */
    static Map<String, Object> streamsConfig(Map<String, ?> userConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "inferline-router");
        config.putAll(userConfig);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return config;
    }

    /** Checks the topics, publishes the catalog and starts routing. */
    public static RouterApp start(Map<String, ?> userConfig) throws InterruptedException {
        RouterConfig config = new RouterConfig(userConfig);
        Map<String, Object> appConfig = streamsConfig(userConfig);
        requireTopics(config, appConfig);
        publishCatalog(config, appConfig);
        Properties props = new Properties();
        props.putAll(appConfig);
        KafkaStreams streams = new KafkaStreams(RouterTopology.buildTopology(config, appConfig), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("router stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("router state {} -> {}", before, now));
        streams.start();
        return new RouterApp(streams);
    }

    private static void requireTopics(RouterConfig config, Map<String, Object> appConfig) {
        try (Admin admin = Admin.create(appConfig)) {
            List<Topic<?, ?>> topics = config.topics().all();
            ProvisioningReport report = new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).check(topics);
            if (!report.created().isEmpty()) {
                throw new IllegalStateException("topics missing: " + String.join(", ", report.created())
                        + "; provision them first (./inferline up does it for the local stack)");
            }
            // request-keyed topics may have any partition count (that is how a deployment scales out);
            // account-keyed ones must have the router's count, or budgets would be split across tasks
            java.util.Set<String> accountKeyed = new java.util.HashSet<>();
            config.topics().accountKeyed().forEach(t -> accountKeyed.add(t.name()));
            List<io.inferline.schemas.topic.TopicMismatch> fatal = report.mismatches().stream()
                    .filter(m -> !m.property().equals("partitions") || accountKeyed.contains(m.topic())).toList();
            if (!fatal.isEmpty()) {
                throw new io.inferline.schemas.topic.TopicContractException(fatal);
            }
        }
    }

    private static void publishCatalog(RouterConfig config, Map<String, Object> appConfig) throws InterruptedException {
        CatalogFile catalog = config.catalogFile().isBlank() ? CatalogFile.bundled() : CatalogFile.load(Path.of(config.catalogFile()));
        Topic<String, CatalogEntry> topic = config.topics().modelCatalog();
        Map<String, Object> producerConfig = new HashMap<>(appConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, CatalogEntry> producer = new KafkaProducer<>(producerConfig,
                TopicSerdes.keySerde(topic, appConfig).serializer(), TopicSerdes.valueSerde(topic, appConfig).serializer())) {
            int sent = CatalogPublisher.publish(catalog, topic, producer);
            LOG.info("published catalog version {} ({} entries) to {}", catalog.version(), sent, topic.name());
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** {@code router [config.properties]}: settings from the file, then INFERLINE_ROUTER_* variables. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> file = args.length > 0 ? AppMain.readFile("router", args[0]) : Map.of();
        RouterApp app = AppMain.startOrExit("router", () -> start(RouterConfig.withEnvironment(file, System.getenv())));
        AppMain.closeAtShutdown("router", app).await();
    }
}
