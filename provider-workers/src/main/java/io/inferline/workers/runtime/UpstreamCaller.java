package io.inferline.workers.runtime;

import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Non-blocking HTTP calls for one provider (HttpComponents 5 async client): a pooled connection per
 * call in flight, connect and response timeouts, no thread per call. Answers arrive on the I/O
 * reactor threads; the worker's loop picks them up, so no Kafka client is touched from here.
 */
final class UpstreamCaller implements AutoCloseable {

    private final CloseableHttpAsyncClient client;

    UpstreamCaller(int maxConnections, Duration connectTimeout) {
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setTimeToLive(Timeout.ofMinutes(5))
                        // a pooled connection the server may have closed meanwhile is checked before reuse
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()))).build())
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.client.start();
    }

    /** Sends {@code request}; the future fails with the transport's exception when no HTTP answer came. */
    CompletableFuture<UpstreamResponse> call(UpstreamRequest request, Duration responseTimeout) {
        SimpleHttpRequest http = SimpleHttpRequest.create(request.method(), request.uri());
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                http.setHeader(name, value);
            }
        });
        if (request.body().length > 0) {
            String contentType = request.headers().getOrDefault("Content-Type", "application/json");
            http.setBody(request.body(), ContentType.parse(contentType));
        }
        http.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(Math.max(1, responseTimeout.toMillis())))
                .setConnectionRequestTimeout(Timeout.of(responseTimeout))
                .build());
        CompletableFuture<UpstreamResponse> answer = new CompletableFuture<>();
        client.execute(SimpleRequestProducer.create(http), SimpleResponseConsumer.create(), new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : response.getHeaders()) {
                    headers.putIfAbsent(header.getName(), header.getValue());
                }
                byte[] body = response.getBodyBytes();
                answer.complete(new UpstreamResponse(response.getCode(), headers, body == null ? new byte[0] : body));
            }

            @Override
            public void failed(Exception error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new IOException("call cancelled"));
            }
        });
        return answer;
    }

    /**
     * Lets the I/O reactor stop its own channels before closing: closing it IMMEDIATE from another thread races
     * the reactor's key iteration (HttpCore logs a ConcurrentModificationException). The worker closes the caller
     * only after its calls in flight have ended or timed out.
     */
    @Override
    public void close() {
        client.initiateShutdown();
        try {
            client.awaitShutdown(TimeValue.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close(CloseMode.IMMEDIATE);
    }
}
