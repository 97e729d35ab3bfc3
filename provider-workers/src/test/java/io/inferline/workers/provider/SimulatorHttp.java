package io.inferline.workers.provider;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.RoutedRequest;
import io.inferline.simulators.ProviderSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An adapter's requests sent over real HTTP ({@code java.net.http}) to a running {@link ProviderSimulator}, and
 * the answers handed back as the runtime hands them: an {@link UpstreamResponse} with the first value of each header.
 */
public final class SimulatorHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private SimulatorHttp() {
    }

    /** The simulator's endpoint for a provider, with the key it accepts. */
    public static ProviderEndpoint endpoint(ProviderSimulator sim, String provider) {
        return endpoint(sim, provider, Map.of());
    }

    public static ProviderEndpoint endpoint(ProviderSimulator sim, String provider, Map<String, String> settings) {
        return new ProviderEndpoint(sim.baseUrl(provider), Secret.of(sim.apiKey(provider)), settings);
    }

    /** The simulator's endpoint for a provider with another key than the one it accepts. */
    public static ProviderEndpoint wrongKey(ProviderSimulator sim, String provider, String key) {
        return new ProviderEndpoint(sim.baseUrl(provider), Secret.of(key), Map.of());
    }

    /** Sends one upstream request as it is (method, headers, body; no body when it is empty) and reads its answer. */
    public static UpstreamResponse send(UpstreamRequest upstream) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(upstream.uri()).timeout(TIMEOUT)
                .method(upstream.method(), upstream.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(http::header);
        HttpResponse<byte[]> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return new UpstreamResponse(response.statusCode(), headers, response.body());
    }

    /** One plain call: the adapter's request for {@code request}, sent, and its answer read by the adapter at {@code now}. */
    public static AdapterResult call(ProviderAdapter adapter, RoutedRequest request, ProviderEndpoint endpoint, Instant now)
            throws Exception {
        return adapter.fromUpstream(request, send(adapter.toUpstream(request, endpoint)), now);
    }

    /** Fetches an output's URI, as a client would download it. */
    public static HttpResponse<byte[]> download(BinaryRef ref) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ref.getUri())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
