package io.inferline.workers;

import io.inferline.schemas.app.AppMain;
import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.serde.SchemaRegistration;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.workers.catalog.CatalogView;
import io.inferline.workers.credentials.ProviderCredentials;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderAdapters;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.runtime.ProviderWorker;
import io.inferline.workers.runtime.WorkerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider workers of one process: one {@link ProviderWorker} per configured provider, sharing
 * a catalog view. {@code workers --provider anthropic,openai [config.properties]}.
 */
public final class WorkerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerApp.class);

    private final CatalogView catalog;
    private final List<ProviderWorker> workers;

    private WorkerApp(CatalogView catalog, List<ProviderWorker> workers) {
        this.catalog = catalog;
        this.workers = List.copyOf(workers);
    }

    /** Checks credentials and topics, loads the catalog and starts a worker per provider. */
    public static WorkerApp start(Map<String, ?> userConfig, Map<String, String> environment) throws InterruptedException {
        WorkerConfig config = new WorkerConfig(userConfig);
        if (config.providers().isEmpty()) {
            throw new IllegalArgumentException("no providers to work for: give --provider or " + WorkerConfig.PROVIDERS_CONFIG);
        }
        ProviderAdapters adapters = ProviderAdapters.installed();
        ProviderCredentials credentials = ProviderCredentials.from(environment);
        Map<ProviderAdapter, ProviderEndpoint> endpoints = new java.util.LinkedHashMap<>();
        for (String provider : config.providers()) {
            ProviderAdapter adapter = adapters.forProvider(provider).orElseThrow(() -> new IllegalArgumentException(
                    "no adapter for provider " + provider + " yet; adapters installed: " + adapters.providers()));
            endpoints.put(adapter, endpoint(config, adapter, credentials, environment));
        }
        Map<String, Object> clientConfig = new HashMap<>();
        userConfig.forEach((key, value) -> {
            if (!key.startsWith("worker.")) {
                clientConfig.put(key, value);
            }
        });
        SchemaRegistration.registerAll(clientConfig, requireTopics(config, clientConfig));
        CatalogView catalog = CatalogView.follow(config.topics().modelCatalog(), clientConfig);
        if (!catalog.awaitLoaded(Duration.ofSeconds(30))) {
            LOG.warn("the model catalog is not loaded yet; fallbacks and prices wait for it");
        }
        List<ProviderWorker> workers = new ArrayList<>();
        endpoints.forEach((adapter, endpoint) -> workers.add(ProviderWorker.start(WorkerSettings.of(config, adapter.provider()),
                adapter, endpoint, clientConfig, catalog)));
        return new WorkerApp(catalog, workers);
    }

    static ProviderEndpoint endpoint(WorkerConfig config, ProviderAdapter adapter, ProviderCredentials credentials, Map<String, String> environment) {
        String provider = adapter.provider();
        URI baseUrl = config.providerSetting(provider, "base.url").map(URI::create).orElse(adapter.defaultBaseUrl());
        Map<String, String> settings = new HashMap<>();
        config.providerSetting(provider, "account.id")
                .or(() -> provider.equals("workers-ai") ? Optional.ofNullable(environment.get("CLOUDFLARE_ACCOUNT_ID")) : Optional.empty())
                .ifPresent(account -> settings.put("account_id", account));
        return new ProviderEndpoint(baseUrl, credentials.apiKey(provider)
                .orElseThrow(() -> new IllegalArgumentException(ProviderCredentials.missingKeyHelp(provider))), settings);
    }

    /** The topics the workers read and write, checked to exist. */
    private static List<Topic<?, ?>> requireTopics(WorkerConfig config, Map<String, Object> clientConfig) {
        TopicRegistry topics = config.topics();
        List<Topic<?, ?>> needed = new ArrayList<>(List.of(topics.inferenceResponses(), topics.usageEvents(), topics.requestLog(),
                topics.modelCatalog(), topics.providerTasks()));
        for (String provider : TopicRegistry.KNOWN_PROVIDERS) {
            needed.addAll(topics.providerTopics(provider)); // fallbacks may go to any provider
        }
        try (Admin admin = Admin.create(clientConfig)) {
            ProvisioningReport report = new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).check(needed);
            if (!report.created().isEmpty()) {
                throw new IllegalStateException("topics missing: " + String.join(", ", report.created())
                        + "; provision them first (./inferline up does it for the local stack)");
            }
        }
        return needed;
    }

    public List<ProviderWorker> workers() {
        return workers;
    }

    @Override
    public void close() {
        workers.parallelStream().forEach(worker -> worker.close(Duration.ofSeconds(20)));
        catalog.close();
    }

    /** {@code workers [--provider p1,p2] [config.properties]}: settings from the file, then INFERLINE_WORKER_* variables. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> config = new HashMap<>();
        String providers = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--provider") && i + 1 < args.length) {
                providers = args[++i];
            } else if (args[i].equals("--help")) {
                System.out.println("usage: workers --provider p1[,p2...] [config.properties]\n" + WorkerConfig.configDef().toRst());
                return;
            } else {
                config.putAll(AppMain.readFile("workers", args[i]));
            }
        }
        Map<String, Object> merged = WorkerConfig.withEnvironment(config, System.getenv());
        if (providers != null) {
            merged.put(WorkerConfig.PROVIDERS_CONFIG, providers);
        }
        WorkerApp app = AppMain.startOrExit("workers", () -> start(merged, System.getenv()));
        CountDownLatch stopped = AppMain.closeAtShutdown("workers", app);
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            // a provider's worker that stopped for good (fenced, or an error it cannot get past) must not go unnoticed
            // behind the others: the process exits so its supervisor restarts it and alerts
            for (ProviderWorker worker : app.workers()) {
                if (worker.state() == ProviderWorker.State.FAILED) {
                    System.err.println("workers: the " + worker.provider() + " worker failed; stopping the process (see the log)");
                    System.exit(3);
                }
            }
        }
    }
}
