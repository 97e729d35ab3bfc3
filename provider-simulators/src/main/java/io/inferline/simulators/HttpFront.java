package io.inferline.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each exchange to its provider by the first path segment, then answers at once (rejections) or
 * after the drawn latency. A delayed answer is a timer entry, not a sleeping thread: the handler returns
 * and a worker completes the exchange later, so thousands of requests can be in flight on a few threads.
 */
final class HttpFront implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    /** Past this many bytes an oversized body is no longer drained; the connection is closed instead. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final Map<String, ProviderRuntime> providers;
    private final int maxBodyBytes;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    HttpFront(Map<String, ProviderRuntime> providers, int maxBodyBytes, ScheduledExecutorService timer, ExecutorService workers) {
        this.providers = providers;
        this.maxBodyBytes = maxBodyBytes;
        this.timer = timer;
        this.workers = workers;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.debug("exchange failed: {}", e.toString());
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int slash = path.indexOf('/', 1);
        String prefix = slash < 0 ? path.substring(1) : path.substring(1, slash);
        ProviderRuntime runtime = providers.get(prefix);
        if (runtime == null) {
            readBody(exchange.getRequestBody());
            send(exchange, SimResponse.json(404, Map.of(),
                    "{\"error\":\"no simulated provider under /" + prefix.replace("\"", "") + "; try one of " + providers.keySet() + "\"}"));
            return;
        }
        StatsRecorder stats = runtime.stats();
        stats.request();
        Body body = readBody(exchange.getRequestBody());
        SimRequest request = new SimRequest(exchange.getRequestMethod(), slash < 0 ? "/" : path.substring(slash),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body.bytes());
        SimulatedProvider provider = runtime.provider();

        Optional<SimResponse> refused = provider.checkHeaders(request);
        if (refused.isEmpty() && body.oversize()) {
            refused = Optional.of(provider.error(413, "Request body is larger than " + maxBodyBytes + " bytes.", 0));
        }
        if (refused.isPresent()) {
            stats.status(refused.get().status());
            send(exchange, refused.get());
            return;
        }
        Handling handling = provider.handle(request);
        if (handling instanceof Handling.Rejected rejected) {
            stats.status(rejected.response().status());
            send(exchange, rejected.response());
            return;
        }
        Handling.Accepted accepted = (Handling.Accepted) handling;
        stats.model(accepted.model());
        Faults faults = runtime.plan().forModel(accepted.model());
        Outcome outcome = faults.decide(runtime.random());
        stats.status(outcome.status());
        Runnable act = switch (outcome.kind()) {
            case ANSWER -> () -> send(exchange, accepted.success());
            case MALFORMED -> () -> send(exchange, accepted.success().malformed());
            case ERROR -> () -> send(exchange, provider.error(outcome.status(), messageFor(outcome.status()), faults.retryAfterSeconds()));
            // closing an exchange before its headers are sent closes the connection: the client gets no response
            case RESET, TIMEOUT -> exchange::close;
        };
        later(outcome.delayMs(), act, exchange);
    }

    private void later(long delayMs, Runnable act, HttpExchange exchange) {
        if (delayMs <= 0) {
            act.run();
            return;
        }
        try {
            timer.schedule(() -> {
                try {
                    workers.execute(act);
                } catch (RejectedExecutionException stopping) {
                    exchange.close();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, SimResponse response) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientGone) {
            LOG.debug("could not answer: {}", clientGone.toString());
        }
    }

    private record Body(byte[] bytes, boolean oversize) {
    }

    /** Reads the body up to the limit; past it, drains (so the client reads our 413) and keeps nothing. */
    private Body readBody(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total <= maxBodyBytes) {
                kept.write(buffer, 0, n);
            } else if (total > DRAIN_LIMIT) {
                break;
            }
        }
        return total > maxBodyBytes ? new Body(new byte[0], true) : new Body(kept.toByteArray(), false);
    }

    static String messageFor(int status) {
        return switch (status) {
            case 429 -> "Rate limit exceeded (simulated). Please retry after the announced wait.";
            case 500 -> "Internal server error (simulated).";
            case 502 -> "Bad gateway (simulated).";
            case 503 -> "The service is overloaded or unavailable (simulated).";
            case 504 -> "The upstream timed out (simulated).";
            case 529 -> "Overloaded (simulated).";
            default -> "Simulated error HTTP " + status + ".";
        };
    }
}
