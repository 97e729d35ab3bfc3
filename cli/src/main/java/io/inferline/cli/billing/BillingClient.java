package io.inferline.cli.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The billing aggregator's HTTP API: JSON over GET. What the answers mean is {@link BillingJson}'s
 * business; this class only fetches them and tells "unknown" (404) from "unreachable".
 */
public final class BillingClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The service did not answer usefully: not listening, timed out, or an error status other than 404. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public BillingClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET path?query}: the JSON answer, or empty for 404. */
    public Optional<JsonNode> get(String path, Map<String, String> query) throws Unreachable {
        String queryText = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri;
        try {
            uri = URI.create(baseUrl + path + (queryText.isEmpty() ? "" : "?" + queryText));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "invalid --billing-url '" + baseUrl + "': " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("no answer from the billing service at " + baseUrl + " (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted while asking the billing service", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new Unreachable("the billing service at " + baseUrl + " answered " + response.statusCode() + " to GET " + path, null);
        }
        try {
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw new Unreachable("the billing service at " + baseUrl + " answered GET " + path + " with something that is not JSON", e);
        }
    }

    public Optional<JsonNode> get(String path) throws Unreachable {
        return get(path, new LinkedHashMap<>());
    }

    static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.http.HttpConnectTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The one-line error for a command that cannot work without billing. */
    public static CliException unavailable(Unreachable e) {
        return new CliException(ExitCode.UNAVAILABLE, e.getMessage()
                + ": start the local stack with ./inferline up (it runs the billing aggregator), or pass --billing-url", e);
    }
}
