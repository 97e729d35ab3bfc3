package io.inferline.workers.it;

import io.inferline.avro.CatalogEntry;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.router.catalog.CatalogFile;
import io.inferline.router.catalog.CatalogPublisher;
import io.inferline.schemas.catalog.CatalogKeys;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.testkit.ClientProps;
import io.inferline.testkit.KafkaStack;
import io.inferline.testkit.TestNames;
import io.inferline.workers.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker and registry (shared per JVM), this test's own topics (unique prefix), the bundled
 * catalog published as the router does, and the provider simulators: everything a worker meets in
 * production except the providers themselves.
 */
final class WorkerStack implements AutoCloseable {

    static final List<String> PROVIDERS = List.of("openai", "anthropic", "google", "workers-ai");
    /** Every provider the simulators serve. */
    static final List<String> SIMULATED = io.inferline.simulators.SimulatorSettings.PROVIDERS;

    final KafkaStack kafka = KafkaStack.shared();
    final TopicRegistry topics;
    final ProviderSimulator simulator;
    final Map<String, Object> clientConfig = new HashMap<>();
    private final CatalogFile catalog = CatalogFile.bundled();
    private final KafkaProducer<String, RoutedRequest> routed;
    private final KafkaProducer<byte[], byte[]> raw;
    private final java.nio.file.Path blobDir = java.nio.file.Files.createTempDirectory("inferline-blobs");

    WorkerStack(int requestPartitions, SimulatorSettings simulatorSettings) throws Exception {
        topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(3).withRequestPartitions(requestPartitions);
        try (Admin admin = Admin.create(ClientProps.admin(kafka))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(60)).provision(topics.all()).requireConforming();
        }
        clientConfig.putAll(ClientProps.serde(kafka));
        clientConfig.put("bootstrap.servers", kafka.bootstrapServers());
        Topic<String, CatalogEntry> catalogTopic = topics.modelCatalog();
        try (KafkaProducer<String, CatalogEntry> producer = new KafkaProducer<>(ClientProps.producer(kafka, null), new StringSerializer(),
                TopicSerdes.valueSerde(catalogTopic, clientConfig).serializer())) {
            CatalogPublisher.publish(catalog, catalogTopic, producer);
        }
        // one after another, before the test's producer and a dozen starting workers would race to register them
        io.inferline.schemas.serde.SchemaRegistration.registerAll(clientConfig, topics.all());
        simulator = ProviderSimulator.start(simulatorSettings);
        routed = new KafkaProducer<>(ClientProps.producer(kafka, null), new StringSerializer(),
                TopicSerdes.valueSerde(topics.providerRequests("openai"), clientConfig).serializer());
        raw = new KafkaProducer<>(ClientProps.producer(kafka, null), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Worker settings for this stack: its topics, the simulators as base URLs, fast retries. */
    Map<String, Object> workerConfig(String instanceId, List<String> providers) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(WorkerConfig.PROVIDERS_CONFIG, String.join(",", providers));
        config.put(WorkerConfig.INSTANCE_ID_CONFIG, instanceId);
        config.put(WorkerConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        config.put(WorkerConfig.RETRY_BACKOFF_MS_CONFIG, "20");
        config.put(WorkerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(WorkerConfig.BLOB_DIR_CONFIG, blobDir.toString());
        config.put(WorkerConfig.TASK_POLL_INITIAL_MS_CONFIG, "200");
        config.put(WorkerConfig.TASK_POLL_MAX_MS_CONFIG, "1000");
        for (String provider : SIMULATED) {
            config.put("worker.provider." + provider + ".base.url", simulator.baseUrl(provider).toString());
        }
        config.put("worker.provider.workers-ai.account.id", simulator.workersAiAccountId());
        return config;
    }

    /** The keys the simulators accept, as the environment would hold them. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (String provider : SIMULATED) {
            environment.put(io.inferline.workers.credentials.ProviderCredentials.variablesFor(provider).get(0), simulator.apiKey(provider));
        }
        return environment;
    }

    /** Every model of the bundled catalog, in the catalog's order. */
    List<ModelSpec> models() {
        return catalog.entries().entrySet().stream().filter(entry -> entry.getKey().startsWith(CatalogKeys.MODEL_PREFIX))
                .map(entry -> entry.getValue().getModel()).toList();
    }

    ModelSpec model(String slug) {
        return catalog.entries().get(CatalogKeys.model(slug.substring(0, slug.indexOf('/')), slug.substring(slug.indexOf('/') + 1))).getModel();
    }

    /** A chat request routed to {@code slug} as the router would route it (catalog fallbacks, a reservation). */
    RoutedRequest chat(String slug, String prompt, String jobId) {
        ModelSpec model = model(slug);
        InferenceRequest request = InferenceRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setAccountId("acct-" + (prompt.hashCode() & 7)).setJobId(jobId)
                .setCustomId(jobId == null ? null : "line-" + prompt.hashCode())
                .setModel(slug)
                .setInput(Input.newBuilder().setCapability(Capability.CHAT)
                        .setMessages(List.of(Message.newBuilder().setRole("user").setContent(prompt).build())).build())
                .setOptions(GenerationOptions.newBuilder().setMaxOutputTokens(64).build())
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        return RoutedRequest.newBuilder().setRequest(request).setProvider(model.getProvider()).setModel(model.getModelId())
                .setSlug(model.getSlug()).setCapability(Capability.CHAT).setReservedMicros(50_000).setAttempt(1)
                .setFallbackChain(model.getFallbacks()).setRoutedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    /** One request for {@code slug} of the kind its first capability takes (chat, embedding, image, speech). */
    RoutedRequest forModel(String slug) {
        ModelSpec model = model(slug);
        Capability capability = model.getCapabilities().get(0);
        Input.Builder input = Input.newBuilder().setCapability(capability);
        switch (capability) {
            case CHAT -> input.setMessages(List.of(Message.newBuilder().setRole("user").setContent("Say hello to " + slug).build()));
            case EMBEDDING -> input.setTexts(List.of("first text to embed", "second text"));
            case TRANSCRIPTION -> input.setMedia(List.of(media("https://media.example/hello.wav", "audio/wav", SAMPLE_WAV)));
            default -> input.setPrompt("a lighthouse at dawn, for " + slug);
        }
        RoutedRequest routed = chat(slug, "unused", null);
        routed.getRequest().setInput(input.build());
        routed.setCapability(capability);
        return routed;
    }

    /** Two seconds of silence to transcribe. */
    static final byte[] SAMPLE_WAV = io.inferline.simulators.SimulatedMedia.silentWav(2);

    private static io.inferline.avro.BinaryRef media(String uri, String contentType, byte[] bytes) {
        return io.inferline.avro.BinaryRef.newBuilder().setUri(uri).setContentType(contentType).setSizeBytes((long) bytes.length)
                .setInlineData(java.nio.ByteBuffer.wrap(bytes)).build();
    }

    /** {@code routed} with a first frame to animate (image-to-video models need one). */
    static RoutedRequest withFirstFrame(RoutedRequest routed) {
        routed.getRequest().getInput().setMedia(List.of(media("https://media.example/first-frame.png", "image/png",
                io.inferline.simulators.SimulatedMedia.PNG)));
        return routed;
    }

    /** Publishes to the request's provider lane (batch if it has a job), with the router's tracing headers. */
    void send(RoutedRequest request) {
        String topic = request.getRequest().getJobId() == null ? topics.providerRequests(request.getProvider()).name()
                : topics.providerBatch(request.getProvider()).name();
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.REQUEST_ID, request.getRequest().getRequestId().getBytes(StandardCharsets.UTF_8));
        headers.add(TraceHeaders.ACCOUNT_ID, request.getRequest().getAccountId().getBytes(StandardCharsets.UTF_8));
        routed.send(new ProducerRecord<>(topic, null, request.getRequest().getRequestId(), request, headers));
    }

    void sendRaw(String topic, int partition, byte[] key, byte[] value, Map<String, String> headers) throws Exception {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        raw.send(new ProducerRecord<>(topic, partition, key, value, recordHeaders)).get();
    }

    /** The bytes the router would write for {@code request}. */
    byte[] serialized(RoutedRequest request) {
        return TopicSerdes.valueSerde(topics.providerRequests(request.getProvider()), clientConfig).serializer()
                .serialize(topics.providerRequests(request.getProvider()).name(), request);
    }

    void flush() {
        routed.flush();
    }

    /** Writes {@code settings} as the properties file {@code config}, for a worker process. */
    static Path writeConfig(Map<String, Object> settings, Path config) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        settings.forEach((key, value) -> properties.setProperty(key, value.toString()));
        try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(config)) {
            properties.store(writer, "worker under test");
        }
        return config;
    }

    /** {@code WorkerApp} in a child JVM (so it can be SIGKILLed) with this stack's keys, appending its output to {@code log}. */
    Process startWorkerProcess(Path config, Path log) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                io.inferline.workers.WorkerApp.class.getName(), config.toString());
        builder.environment().putAll(environment());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }

    TopicReader<InferenceResponse> responses() {
        return new TopicReader<>(kafka, topics.inferenceResponses(), clientConfig).onTimeout(() -> SIMULATED.forEach(provider ->
                System.out.println("[simulator " + provider + "] " + simulator.stats(provider))));
    }

    TopicReader<UsageEvent> usage() {
        return new TopicReader<>(kafka, topics.usageEvents(), clientConfig);
    }

    TopicReader<byte[]> deadLetters(String provider) {
        return new TopicReader<>(kafka, topics.providerDlq(provider), clientConfig);
    }

    @Override
    public void close() {
        routed.close();
        raw.close();
        simulator.close();
    }
}
