package io.inferline.workers.provider;

import io.inferline.avro.RoutedRequest;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;

/**
 * Translates between inferline's canonical request/response and one provider's HTTP API. An adapter
 * is pure: it builds the HTTP request and reads the HTTP answer, the worker runtime does the call,
 * the retries and the bookkeeping. It reaches the provider only through {@link ProviderEndpoint#baseUrl()},
 * so the same adapter talks to the real API or to the simulator.
 */
public interface ProviderAdapter {

    /** Provider id as in slugs and topic names, e.g. {@code anthropic}. */
    String provider();

    /** Where the real API lives; the adapter appends the documented paths (including their version part). */
    URI defaultBaseUrl();

    /** The provider's retry rules (which statuses, which rate-limit reset headers). */
    RetryClassifier classifier();

    /**
     * The native HTTP request for a routed request.
     *
     * @throws UnsupportedRequestException when the request asks for something this adapter cannot express
     */
    UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint);

    /** Reads any HTTP answer (success or error) into a normalized result; never throws on bad bodies. */
    AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now);
}
