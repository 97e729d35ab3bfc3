package io.inferline.simulators;

import com.sun.net.httpserver.HttpServer;
import io.inferline.simulators.alibaba.AlibabaSimulator;
import io.inferline.simulators.anthropic.AnthropicSimulator;
import io.inferline.simulators.bytedance.BytedanceSimulator;
import io.inferline.simulators.assemblyai.AssemblyAiSimulator;
import io.inferline.simulators.cohere.CohereSimulator;
import io.inferline.simulators.google.GoogleSimulator;
import io.inferline.simulators.inworld.InworldSimulator;
import io.inferline.simulators.minimax.MiniMaxSimulator;
import io.inferline.simulators.mistral.MistralSimulator;
import io.inferline.simulators.openai.OpenAiSimulator;
import io.inferline.simulators.pixverse.PixverseSimulator;
import io.inferline.simulators.recraft.RecraftSimulator;
import io.inferline.simulators.runway.RunwaySimulator;
import io.inferline.simulators.task.TaskBoard;
import io.inferline.simulators.task.TaskStats;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.simulators.vidu.ViduSimulator;
import io.inferline.simulators.workersai.WorkersAiSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every simulated provider on one local port, each under its own prefix: the base URL of provider
 * {@code p} is {@code http://127.0.0.1:<port>/<p>}, and the provider's documented paths are appended to it.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.start(SimulatorSettings.defaults())) {
 *     URI base = sim.baseUrl("anthropic");
 *     sim.faults("anthropic", Faults.none().withLatency(20, 80).withErrorRate(529, 0.05));
 *     ...
 * }
 * }</pre>
 *
 * Faults may be changed and stats read from any thread while requests are served.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** Connections waiting to be accepted; bursts of thousands of new connections must not be refused. */
    private static final int BACKLOG = 4096;

    private final SimulatorSettings settings;
    private final Map<String, ProviderRuntime> providers;
    private final HttpServer server;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService workers;

    private ProviderSimulator(SimulatorSettings settings) throws IOException {
        this.settings = settings;
        Map<String, ProviderRuntime> byId = new LinkedHashMap<>();
        for (SimulatedProvider provider : List.of(
                new OpenAiSimulator(settings.apiKeys().get("openai"), settings.models().get("openai"), settings.embeddingDimensions()),
                new AnthropicSimulator(settings.apiKeys().get("anthropic"), settings.models().get("anthropic")),
                new GoogleSimulator(settings.apiKeys().get("google"), settings.models().get("google"), settings.embeddingDimensions()),
                new WorkersAiSimulator(settings.apiKeys().get("workers-ai"), settings.models().get("workers-ai"),
                        settings.workersAiAccountId(), settings.embeddingDimensions()),
                new MistralSimulator(settings.apiKeys().get("mistral"), settings.models().get("mistral"), settings.embeddingDimensions()),
                new CohereSimulator(settings.apiKeys().get("cohere"), settings.models().get("cohere"), settings.embeddingDimensions()),
                new RecraftSimulator(settings.apiKeys().get("recraft"), settings.models().get("recraft")),
                new InworldSimulator(settings.apiKeys().get("inworld"), settings.models().get("inworld")),
                new AlibabaSimulator(settings.apiKeys().get("alibaba"), settings.models().get("alibaba"), settings.seed()),
                new BytedanceSimulator(settings.apiKeys().get("bytedance"), settings.models().get("bytedance"), settings.seed()),
                new AssemblyAiSimulator(settings.apiKeys().get("assemblyai"), settings.models().get("assemblyai"), settings.seed()),
                new MiniMaxSimulator(settings.apiKeys().get("minimax"), settings.models().get("minimax"), settings.seed()),
                new RunwaySimulator(settings.apiKeys().get("runway"), settings.models().get("runway"), settings.seed() ^ 0x52L),
                new ViduSimulator(settings.apiKeys().get("vidu"), settings.models().get("vidu"), settings.seed() ^ 0x56L),
                new PixverseSimulator(settings.apiKeys().get("pixverse"), settings.models().get("pixverse"), settings.seed() ^ 0x50L))) {
            // each provider draws from its own sequence, so faults on one do not shift another's draws
            Random random = new Random(settings.seed() ^ provider.id().hashCode());
            byId.put(provider.id(), new ProviderRuntime(provider, new FaultPlan(), new StatsRecorder(), random));
        }
        this.providers = Map.copyOf(byId);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("sim-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), daemon("sim-worker"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), BACKLOG);
        server.createContext("/", new HttpFront(providers, settings.maxBodyBytes(), timer, workers));
        server.setExecutor(workers);
        server.start();
    }

    /** Binds 127.0.0.1 on the configured port (0 = a free one) and starts serving. */
    public static ProviderSimulator start(SimulatorSettings settings) {
        tuneJdkHttpServer();
        try {
            return new ProviderSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider simulator on port " + settings.port(), e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The provider ids served: openai, anthropic, google, workers-ai, mistral, cohere, recraft, inworld. */
    public List<String> providers() {
        return SimulatorSettings.PROVIDERS;
    }

    /** {@code http://127.0.0.1:<port>/<provider>}, to be used exactly like the provider's real base URL. */
    public URI baseUrl(String provider) {
        SimulatorSettings.requireProvider(provider);
        return URI.create("http://127.0.0.1:" + port() + "/" + provider);
    }

    /** The only key the provider accepts. */
    public String apiKey(String provider) {
        SimulatorSettings.requireProvider(provider);
        return settings.apiKeys().get(provider);
    }

    /** The account id Workers AI paths must name. */
    public String workersAiAccountId() {
        return settings.workersAiAccountId();
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** Sets the faults of every model of a provider that has no override of its own. */
    public void faults(String provider, Faults faults) {
        runtime(provider).plan().set(faults);
    }

    /** Sets the faults of one model, replacing (not merging with) the provider's; null removes the override. */
    public void faults(String provider, String model, Faults faults) {
        runtime(provider).plan().set(model, faults);
    }

    /** Removes every fault and override of every provider. */
    public void clearFaults() {
        providers.values().forEach(p -> p.plan().clear());
    }

    /** What the provider was asked and answered since start or {@link #resetStats()}. */
    public ProviderStats stats(String provider) {
        return runtime(provider).stats().snapshot();
    }

    /** Zeroes every provider's counters. */
    public void resetStats() {
        providers.values().forEach(p -> {
            p.stats().reset();
            p.provider().tasks().ifPresent(TaskBoard::resetStats);
        });
    }

    /** What a provider's task API was asked: tasks created, polled and cancelled. */
    public TaskStats tasks(String provider) {
        return taskBoard(provider).stats();
    }

    /** How long the provider's tasks run and how often they fail, for every model without its own timing. */
    public void taskTiming(String provider, TaskTiming timing) {
        taskBoard(provider).timing(timing);
    }

    /** How long one model's tasks run; null removes the override. */
    public void taskTiming(String provider, String model, TaskTiming timing) {
        taskBoard(provider).timing(model, timing);
    }

    private TaskBoard taskBoard(String provider) {
        return runtime(provider).provider().tasks()
                .orElseThrow(() -> new IllegalArgumentException(provider + " has no asynchronous task API"));
    }

    /** Stops serving at once; requests in flight (including held timeouts) lose their connection. */
    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /**
     * The JDK server writes headers and body separately; with Nagle's algorithm on, the body then waits for the
     * client's delayed ACK (about 40 ms a request), which caps a keep-alive connection at some 25 requests a
     * second. It also closes keep-alive connections beyond 200 idle ones, making thousands of clients reconnect.
     * Both are read once per JVM when the first JDK server starts, so they are set here unless already given.
     */
    private static void tuneJdkHttpServer() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(BACKLOG));
        }
    }

    private ProviderRuntime runtime(String provider) {
        SimulatorSettings.requireProvider(provider);
        return providers.get(provider);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
