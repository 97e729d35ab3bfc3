package io.inferline.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Calls a running simulator over real HTTP, as an adapter would. */
final class SimClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ProviderSimulator sim;

    SimClient(ProviderSimulator sim) {
        this.sim = sim;
    }

    /** POSTs {@code body} to the provider's base URL + path, with the given header name/value pairs. */
    HttpResponse<String> post(String provider, String path, String body, String... headers) {
        try {
            return http.send(request(provider, path, body, Duration.ofSeconds(20), headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> postAsync(String provider, String path, String body, String... headers) {
        return http.sendAsync(request(provider, path, body, Duration.ofSeconds(60), headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String provider, String path, String body, Duration timeout, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl(provider) + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    /** The headers a correct adapter sends to a provider. */
    String[] auth(String provider) {
        String key = sim.apiKey(provider);
        return switch (provider) {
            case "openai", "workers-ai", "recraft" -> new String[] {"Authorization", "Bearer " + key};
            case "inworld" -> new String[] {"Authorization", "Basic " + key};
            case "anthropic" -> new String[] {"x-api-key", key, "anthropic-version", "2023-06-01"};
            case "google" -> new String[] {"x-goog-api-key", key};
            default -> throw new IllegalArgumentException(provider);
        };
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
