package io.inferline.billing.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance the same question (the same path and query) and hands its answer back
 * unchanged. The request is marked as forwarded, so an instance that no longer owns the key answers
 * 503 instead of forwarding again (no loops while partitions move).
 */
final class Forwarder {

    static final String FORWARDED_HEADER = "X-Inferline-Forwarded-By";

    private final HttpClient client;
    private final Duration timeout;
    private final String self;

    Forwarder(Duration timeout, HostInfo self) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.timeout = timeout;
        this.self = self.host() + ":" + self.port();
    }

    Answer get(HostInfo host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(timeout).header(FORWARDED_HEADER, self).GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse(Answer.JSON);
            return new Answer(response.statusCode(), type, response.body(),
                    response.headers().firstValue("Retry-After").map(v -> Map.of("Retry-After", v)).orElse(Map.of()));
        } catch (HttpTimeoutException e) {
            return Answer.error(504, "instance " + host.host() + ":" + host.port() + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Answer.unavailable("instance " + host.host() + ":" + host.port() + " could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }
}
