package io.inferline.launcher;

import io.inferline.billing.BillingApp;
import io.inferline.billing.BillingConfig;
import io.inferline.router.RouterApp;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.stack.LocalStack;
import io.inferline.workers.WorkerApp;
import io.inferline.workers.WorkerConfig;
import io.inferline.workers.provider.ProviderAdapters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything {@code ./inferline up} runs, started in order (infrastructure, topics, simulators, router,
 * billing, workers) and stopped in reverse. The apps run in this process exactly as they run alone: each
 * gets its own configuration, consumer groups and state directory under the data directory.
 */
final class InferlineSystem implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> description = new ArrayList<>();
    private LocalStack stack;
    private String bootstrapServers;
    private String registryUrl;
    private ProviderSimulator simulator;
    private BillingApp billing;

    private InferlineSystem() {
    }

    static InferlineSystem start(LaunchOptions options, Map<String, String> environment) throws Exception {
        InferlineSystem system = new InferlineSystem();
        try {
            system.startAll(options, environment);
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    private void startAll(LaunchOptions options, Map<String, String> environment) throws Exception {
        Path dataDir = options.stack().dataDir().toAbsolutePath();
        if (options.externalCluster()) {
            bootstrapServers = options.bootstrapServers().orElseThrow();
            registryUrl = options.registryUrl().orElseThrow();
            description.add("  Kafka bootstrap servers  " + bootstrapServers + "   (existing cluster)");
            description.add("  schema registry          " + registryUrl);
        } else {
            say("starting Kafka and the schema registry (data in " + dataDir + ") ...");
            stack = LocalStack.start(options.stack());
            stack.leaveExitToOwner(); // InferlineUp's shutdown hook closes the apps first, then the stack
            started.add(stack);
            bootstrapServers = stack.bootstrapServers();
            registryUrl = stack.registryUrl();
            description.addAll(stack.describe().lines().skip(1).toList());
        }
        say("topics: " + provision().summary());
        // one client registers every contract schema, one after another, before a dozen apps would race to
        io.inferline.schemas.serde.SchemaRegistration.registerAll(appConfig(Map.of()), TopicRegistry.standard().all());

        List<String> providers = options.providers().isEmpty() ? new ArrayList<>(ProviderAdapters.installed().providers()) : options.providers();
        ProviderChoice choice = new ProviderChoice(providers, environment);
        simulator = ProviderSimulator.start(SimulatorSettings.defaults().withPort(options.simulatorPort()));
        started.add(simulator);

        say("starting the router ...");
        started.add(RouterApp.start(appConfig(Map.of(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("state").toString()))));
        say("starting the billing aggregator ...");
        billing = BillingApp.start(appConfig(Map.of(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("state").toString(),
                BillingConfig.HTTP_PORT_CONFIG, Integer.toString(options.billingPort()),
                BillingConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                BillingConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1")));
        started.add(billing);
        say("starting the provider workers (" + providers.size() + " providers) ...");
        Map<String, Object> workers = new HashMap<>(choice.workerSettings(simulator));
        workers.put(WorkerConfig.PROVIDERS_CONFIG, String.join(",", providers));
        workers.put(WorkerConfig.INSTANCE_ID_CONFIG, "local");
        workers.put(WorkerConfig.BLOB_DIR_CONFIG, dataDir.resolve("blobs").toString());
        started.add(WorkerApp.start(appConfig(workers), choice.workerEnvironment(environment, simulator)));

        description.add("  billing queries          " + billingUrl());
        description.add("  provider simulators      http://127.0.0.1:" + simulator.port());
        if (stack == null) {
            description.add("  data directory           " + dataDir + "   (kept across restarts; --reset starts empty)");
        }
        description.add("  app log                  " + dataDir.resolve("logs").resolve("apps.log"));
        description.add("  providers");
        description.addAll(choice.describe(simulator));
    }

    private ProvisioningReport provision() {
        if (stack != null) {
            return stack.provisionTopics();
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicRegistry.standard().all());
        }
    }

    private Map<String, Object> appConfig(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        config.putAll(own);
        return config;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String registryUrl() {
        return registryUrl;
    }

    String billingUrl() {
        return "http://127.0.0.1:" + billing.httpAddress().port();
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    /** What listens where, printed once everything is up. */
    String describe() {
        return "inferline is up" + System.lineSeparator() + String.join(System.lineSeparator(), description);
    }

    private static void say(String line) {
        System.out.println(line);
    }

    /** Stops the apps first (they commit what they finished), then the simulators, the registry and the broker. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i).getClass().getSimpleName() + " failed: " + LocalStack.oneLine(e));
            }
        }
        started.clear();
    }
}
