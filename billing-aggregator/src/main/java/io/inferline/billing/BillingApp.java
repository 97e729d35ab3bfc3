package io.inferline.billing;

import io.inferline.schemas.app.AppMain;
import io.inferline.billing.http.BillingHttpServer;
import io.inferline.billing.query.StreamsQueries;
import io.inferline.billing.topology.BillingTopologyBuilder;
import io.inferline.schemas.serde.SchemaRegistration;
import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicContractException;
import io.inferline.schemas.topic.TopicMismatch;
import io.inferline.schemas.topic.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing aggregator service: checks its topics, binds its HTTP server, and runs the ledger
 * and usage topology with exactly-once processing until stopped. Several instances with the same
 * application id share the partitions; each answers queries for any account (forwarding to the
 * owner), on the host and port it advertises as {@code application.server}.
 */
public final class BillingApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BillingApp.class);
    /** Default of {@code commit.interval.ms} (Kafka Streams' own is 100 ms under exactly-once). */
    static final long DEFAULT_COMMIT_INTERVAL_MS = 1_000;

    private final KafkaStreams streams;
    private final BillingHttpServer http;
    private final HostInfo self;

    private BillingApp(KafkaStreams streams, BillingHttpServer http, HostInfo self) {
        this.streams = streams;
        this.http = http;
        this.self = self;
    }

    /** Kafka Streams settings the aggregator needs whatever the user configured. */
    static Map<String, Object> streamsConfig(Map<String, ?> userConfig, HostInfo self) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "inferline-billing");
        // one transaction a second instead of ten: billing is bound by commits, and a balance up to a
        // second old only understates what is available (its charges lag behind their reservations)
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        config.putAll(userConfig);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        return config;
    }

    /** Checks the topics, registers its schemas, binds the HTTP server, starts the aggregator and then the queries. */
    public static BillingApp start(Map<String, ?> userConfig) {
        BillingConfig config = new BillingConfig(userConfig);
        BillingHttpServer http;
        try {
            http = BillingHttpServer.bind(config.httpBindAddress(), config.httpPort(), config.httpThreads());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.httpBindAddress() + ":" + config.httpPort()
                    + " (" + BillingConfig.HTTP_PORT_CONFIG + "): " + e.getMessage(), e);
        }
        KafkaStreams streams = null;
        try {
            HostInfo self = new HostInfo(advertisedHost(config), http.port());
            Map<String, Object> appConfig = streamsConfig(userConfig, self);
            requireTopics(config, appConfig);
            SchemaRegistration.registerAll(appConfig, BillingTopologyBuilder.avroValueTopics(config,
                    (String) appConfig.get(StreamsConfig.APPLICATION_ID_CONFIG)));
            Properties props = new Properties();
            props.putAll(appConfig);
            streams = new KafkaStreams(BillingTopology.buildTopology(config, appConfig), props);
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("billing stream thread failed; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.setStateListener((now, before) -> LOG.info("billing state {} -> {}", before, now));
            streams.start();
            KafkaStreams running = streams;
            StreamsQueries queries = new StreamsQueries(running, self);
            http.start(queries, queries, Duration.ofMillis(config.queryTimeoutMs()), running::metrics,
                    () -> running.state().name(), Clock.systemUTC());
            LOG.info("billing aggregator answering on http://{}:{}", self.host(), self.port());
            return new BillingApp(running, http, self);
        } catch (RuntimeException e) {
            http.close();
            if (streams != null) {
                streams.close(Duration.ofSeconds(30));
            }
            throw e;
        }
    }

    private static String advertisedHost(BillingConfig config) {
        if (!config.httpAdvertisedHost().isBlank()) {
            return config.httpAdvertisedHost();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot find this machine's host name; set " + BillingConfig.HTTP_ADVERTISED_HOST_CONFIG, e);
        }
    }

    /** Every topic it reads or writes must exist; the account-keyed ones with the configured partition count. */
    private static void requireTopics(BillingConfig config, Map<String, Object> appConfig) {
        List<Topic<?, ?>> topics = new ArrayList<>(config.topics().accountKeyed());
        topics.add(config.topics().billingDlq());
        topics.addAll(config.topics().usageWindows());
        List<Topic<?, ?>> all = new ArrayList<>(topics);
        all.add(config.topics().batchJobs());   // read as a global table: any partition count will do
        try (Admin admin = Admin.create(appConfig)) {
            ProvisioningReport report = new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).check(all);
            if (!report.created().isEmpty()) {
                throw new IllegalStateException("topics missing: " + String.join(", ", report.created())
                        + "; provision them first (./inferline up does it for the local stack)");
            }
            // every topic here is partitioned by account: another count would split an account's state
            Set<String> names = new HashSet<>();
            topics.forEach(t -> names.add(t.name()));
            List<TopicMismatch> fatal = report.mismatches().stream().filter(m -> names.contains(m.topic())).toList();
            if (!fatal.isEmpty()) {
                throw new TopicContractException(fatal);
            }
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Where its HTTP server answers. */
    public HostInfo httpAddress() {
        return self;
    }

    /** Stops answering queries, then stops processing (committing what was processed). */
    public void close(Duration timeout) {
        http.close();
        streams.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** {@code billing [config.properties]}: settings from the file, then INFERLINE_BILLING_* variables. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> file = args.length > 0 ? AppMain.readFile("billing", args[0]) : Map.of();
        BillingApp app = AppMain.startOrExit("billing", () -> start(BillingConfig.withEnvironment(file, System.getenv())));
        AppMain.closeAtShutdown("billing", app).await();
    }
}
