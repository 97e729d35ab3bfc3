package io.inferline.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Speaks the Confluent Schema Registry REST API over HttpComponents 5. No caching here (see
 * {@link CachingSchemaRegistryClient}); 5xx answers and I/O errors are retried with exponential
 * backoff, trying the next URL of the list on I/O errors; 4xx answers fail at once.
 *
 * <p>Works with Confluent Schema Registry, Apicurio's ccompat API, Karapace and Redpanda: errors are
 * judged by HTTP status first, since registries differ in their {@code error_code}s, and both the
 * Confluent and the plain JSON content types are accepted.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final ContentType SCHEMA_REGISTRY_JSON = ContentType.create("application/vnd.schemaregistry.v1+json", StandardCharsets.UTF_8);
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json;q=0.9";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between retries; injected so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final List<String> baseUrls;
    private final Optional<String> authorization;
    private final int maxRetries;
    private final long retryBackoffMs;
    private final Sleeper sleeper;
    private final CloseableHttpClient http;

    HttpSchemaRegistryClient(List<String> baseUrls, Optional<String> userInfo, int maxRetries, long retryBackoffMs,
                             int timeoutMs, Sleeper sleeper) {
        this.baseUrls = List.copyOf(baseUrls);
        this.authorization = userInfo.map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.maxRetries = maxRetries;
        this.retryBackoffMs = retryBackoffMs;
        this.sleeper = sleeper;
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(8).setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries()   // we retry ourselves, with backoff and URL failover
                .disableRedirectHandling()
                .build();
    }

    /** A client for the configured URLs and credentials. */
    public static HttpSchemaRegistryClient create(AvroSerdeConfig config, Sleeper sleeper) {
        List<String> urls = new ArrayList<>();
        Optional<String> userInfoFromUrl = Optional.empty();
        for (String url : config.registryUrls()) {
            URI uri = URI.create(url.trim());
            if (uri.getUserInfo() != null) {
                userInfoFromUrl = Optional.of(uri.getRawUserInfo());
            }
            urls.add(withoutUserInfo(uri));
        }
        Optional<String> userInfo = AvroSerdeConfig.CREDENTIALS_SOURCE_URL.equals(config.credentialsSource())
                ? userInfoFromUrl
                : Optional.ofNullable(config.userInfo()).map(org.apache.kafka.common.config.types.Password::value);
        return new HttpSchemaRegistryClient(urls, userInfo, config.maxRetries(), config.retryBackoffMs(),
                config.requestTimeoutMs(), sleeper);
    }

    private static String withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode body = call("/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register a schema under subject " + subject);
        return requiredInt(body, "id", subject);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        JsonNode body = call("/subjects/" + encode(subject), schemaBody(schema),
                "look up a schema under subject " + subject);
        return requiredInt(body, "id", subject);
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode body = call("/schemas/ids/" + id, null, "fetch schema id " + id);
        return parse(body, "schema id " + id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode body = call("/subjects/" + encode(subject) + "/versions/latest", null,
                "fetch the latest schema of subject " + subject);
        return new RegisteredSchema(requiredInt(body, "id", subject), parse(body, "subject " + subject));
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }

    private static HttpUriRequestBase request(String url, String jsonBody) {
        if (jsonBody == null) {
            return new HttpGet(url);
        }
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(jsonBody, SCHEMA_REGISTRY_JSON));
        return post;
    }

    /** GET when {@code jsonBody} is null, else POST. */
    private JsonNode call(String path, String jsonBody, String what) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                backoff(attempt, what, last);
            }
            for (String baseUrl : baseUrls) {
                HttpUriRequestBase request = request(baseUrl + path, jsonBody);
                request.setHeader(HttpHeaders.ACCEPT, ACCEPT);
                authorization.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
                try {
                    Answer answer = http.execute(request, response -> new Answer(response.getCode(),
                            response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
                    if (answer.status() >= 200 && answer.status() < 300) {
                        return JSON.readTree(answer.body());
                    }
                    if (answer.status() >= 500) {
                        last = new SchemaRegistryException.Unavailable("schema registry " + baseUrl + " answered HTTP "
                                + answer.status() + " to " + what + ": " + errorMessage(answer.body()), null);
                        break;   // the registry is up but failing: back off before trying again
                    }
                    throw new SchemaRegistryException.RequestRejected("schema registry " + baseUrl + " rejected " + what
                            + ": HTTP " + answer.status() + ", " + errorMessage(answer.body()),
                            answer.status(), errorCode(answer.body()));
                } catch (IOException e) {
                    last = new SchemaRegistryException.Unavailable("schema registry " + baseUrl + " unreachable to "
                            + what + ": " + e, e);
                }
            }
        }
        throw new SchemaRegistryException.Unavailable(last.getMessage() + " (gave up after " + (maxRetries + 1)
                + " attempts)", last.getCause());
    }

    private record Answer(int status, String body) {
    }

    private void backoff(int attempt, String what, SchemaRegistryException last) {
        long millis = retryBackoffMs * (1L << Math.min(attempt - 1, 10));
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException.Unavailable("interrupted while retrying to " + what, last);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static Schema parse(JsonNode body, String what) {
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("schema registry answer for " + what + " has no schema text", null);
        }
        return new Schema.Parser().parse(text.asText());
    }

    private static int requiredInt(JsonNode body, String field, String subject) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry answer for subject " + subject + " has no " + field, null);
        }
        return value.asInt();
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: show it as it came, shortened
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static int errorCode(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull("error_code") ? node.get("error_code").asInt() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
