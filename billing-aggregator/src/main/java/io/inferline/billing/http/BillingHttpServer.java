package io.inferline.billing.http;

import com.sun.net.httpserver.HttpServer;
import io.inferline.billing.query.LocalStores;
import io.inferline.billing.query.Placement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The query and metrics server (the JDK's HTTP server, no framework). Bound first, so the port is
 * known before Kafka Streams starts (it goes into {@code application.server}); serving starts once
 * the queries have something to read.
 */
public final class BillingHttpServer implements AutoCloseable {

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService threads;
    private boolean started;

    private BillingHttpServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Listens on {@code address:port} (0: a free port) without answering yet. */
    public static BillingHttpServer bind(String address, int port, int threads) throws IOException {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits for the
        // client's delayed ACK (about 40 ms). Read once by the JDK, so set before the first server exists.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "billing-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        return new BillingHttpServer(server, pool);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering. */
    public synchronized void start(Placement placement, LocalStores stores, Duration forwardTimeout,
                                   Supplier<Map<MetricName, ? extends Metric>> metrics, Supplier<String> state, Clock clock) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        server.createContext("/", new QueryHandler(placement, stores, forwardTimeout, metrics, state, clock));
        server.start();
        started = true;
    }

    @Override
    public synchronized void close() {
        if (!started) {
            // a channel closed under a selector is only released by the selector's next round: give it one
            server.start();
        }
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
