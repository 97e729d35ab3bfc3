package io.inferline.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
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
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks the Confluent Schema Registry REST API over HttpComponents 5 (the classic, blocking client:
 * it is off the hot path, see {@link CachingSchemaRegistryClient}).
 *
 * <ul>
 *   <li>HTTP 5xx, 408 and 429 answers and I/O errors are retried with a doubling, capped backoff,
 *       at most {@code schema.registry.max.retries} times; on an I/O error the next URL of the list
 *       is tried first. Every call is idempotent (registering a registered schema returns its id).</li>
 *   <li>Other answers fail at once as {@link SchemaRegistryException.RequestRejected} with the HTTP
 *       status, the {@code error_code}, the registry's message and the subject.</li>
 *   <li>Requests are sent as {@code application/vnd.schemaregistry.v1+json}; answers are read as JSON
 *       whatever their content type ({@code application/json} from Apicurio, the Confluent type from
 *       Confluent). Errors are judged by HTTP status: registries differ in their {@code error_code}s.</li>
 * </ul>
 *
 * <p>Works with Confluent Schema Registry, Apicurio's ccompat API, Karapace and Redpanda by URL alone.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    static final ContentType SCHEMA_REGISTRY_JSON =
            ContentType.create("application/vnd.schemaregistry.v1+json", StandardCharsets.UTF_8);
    /** What Confluent's own client accepts: its content types first, plain JSON (Apicurio, proxies) last. */
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json,"
            + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between retries; injected so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final List<String> baseUrls;
    private final String authorization;   // null without credentials; never logged
    private final int maxRetries;
    private final RetryBackoff backoff;
    private final Sleeper sleeper;
    private final CloseableHttpClient http;

    private HttpSchemaRegistryClient(AvroSerdeConfig config, Sleeper sleeper) {
        this.baseUrls = config.baseUrls();
        this.authorization = config.basicAuthUserInfo()
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.value().getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
        this.maxRetries = config.maxRetries();
        this.backoff = new RetryBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
        this.sleeper = sleeper;
        Timeout timeout = Timeout.ofMilliseconds(config.requestTimeoutMs());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(8).setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
                .disableAutomaticRetries()   // we retry ourselves, with backoff and URL failover
                .disableRedirectHandling()
                .build();
    }

    /** A client for the configured HTTP URLs and credentials, waiting with {@code sleeper} between retries. */
    public static HttpSchemaRegistryClient create(AvroSerdeConfig config, Sleeper sleeper) {
        if (config.baseUrls().isEmpty()) {
            throw new IllegalArgumentException("schema.registry.url is a mock:// scope, not an HTTP registry");
        }
        return new HttpSchemaRegistryClient(config, sleeper);
    }

    @Override
    public int register(String subject, Schema schema) {
        RegistryCall register = RegistryCall.post("/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register a schema under subject " + subject, subject);
        SchemaRegistryException.RequestRejected conflict;
        try {
            return requiredId(call(register), "registering under subject " + subject);
        } catch (SchemaRegistryException.RequestRejected e) {
            if (!e.isIncompatible()) {
                throw e;
            }
            conflict = e;
        }
        // some registries (Apicurio's Confluent API) answer 409 to the loser of two clients registering the same
        // new subject at once, sometimes before the winner's schema is visible: look it up, and once the winner is
        // done register again (which then answers the existing id), with the retry backoff in between; a real
        // incompatibility is never found and keeps answering 409, which then stands
        for (int retry = 1; retry <= maxRetries + 1; retry++) {
            try {
                return idOf(subject, schema);
            } catch (SchemaRegistryException.RequestRejected notThere) {
                if (!notThere.isNotFound()) {
                    throw conflict;
                }
            }
            pause(retry, register, conflict);
            try {
                return requiredId(call(register), "registering under subject " + subject);
            } catch (SchemaRegistryException.RequestRejected again) {
                if (!again.isIncompatible()) {
                    throw again;
                }
            }
        }
        throw conflict;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        JsonNode body = call(RegistryCall.post("/subjects/" + encode(subject), schemaBody(schema),
                "look up a schema under subject " + subject, subject));
        return requiredId(body, "looking up under subject " + subject);
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode body = call(RegistryCall.get("/schemas/ids/" + id, "fetch schema id " + id, null));
        return avroSchema(body, "schema id " + id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode body = call(RegistryCall.get("/subjects/" + encode(subject) + "/versions/latest",
                "fetch the latest schema of subject " + subject, subject));
        String what = "the latest schema of subject " + subject;
        return new RegisteredSchema(requiredId(body, what), avroSchema(body, what));
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + baseUrls;   // base URLs carry no credentials
    }

    private JsonNode call(RegistryCall call) {
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
            if (attempt > 1) {
                pause(attempt - 1, call, last);
            }
            for (String baseUrl : baseUrls) {
                Reply reply;
                try {
                    reply = exchange(baseUrl, call);
                } catch (IOException e) {
                    last = new SchemaRegistryException.Unavailable("schema registry " + baseUrl + " unreachable to "
                            + call.what() + ": " + e, e);
                    continue;   // the next URL may be up
                }
                if (reply.isSuccess()) {
                    return json(reply, baseUrl, call);
                }
                if (reply.isRetryable()) {
                    last = new SchemaRegistryException.Unavailable("schema registry " + baseUrl + " answered HTTP "
                            + reply.status() + " to " + call.what() + ": " + reply.errorMessage(), null);
                    break;   // the registry is up but failing: back off before trying again
                }
                throw new SchemaRegistryException.RequestRejected("schema registry " + baseUrl + " rejected "
                        + call.what() + ": HTTP " + reply.status() + ", error_code " + reply.errorCode() + ", "
                        + reply.errorMessage(), reply.status(), reply.errorCode(), call.subject());
            }
        }
        int attempts = maxRetries + 1;
        throw new SchemaRegistryException.Unavailable(last.getMessage() + " (gave up after " + attempts
                + (attempts == 1 ? " attempt)" : " attempts)"), last.getCause());
    }

    private Reply exchange(String baseUrl, RegistryCall call) throws IOException {
        HttpUriRequestBase request;
        if (call.body() == null) {
            request = new HttpGet(baseUrl + call.path());
        } else {
            HttpPost post = new HttpPost(baseUrl + call.path());
            post.setEntity(new StringEntity(call.body(), SCHEMA_REGISTRY_JSON));
            request = post;
        }
        request.setHeader(HttpHeaders.ACCEPT, ACCEPT);
        if (authorization != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return http.execute(request, response -> {
            HttpEntity entity = response.getEntity();
            return new Reply(response.getCode(), entity == null ? null : entity.getContentType(),
                    entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
        });
    }

    private void pause(int retry, RegistryCall call, SchemaRegistryException last) {
        long millis = backoff.delayMs(retry);
        if (last instanceof SchemaRegistryException.RequestRejected rejected && rejected.isIncompatible()) {
            // a conflict of two first registrations: expected whenever clients start together, settled by the retry
            LOG.info("{}; retry {} of {} in {} ms", last.getMessage(), retry, maxRetries, millis);
        } else {
            LOG.warn("{}; retry {} of {} in {} ms", last.getMessage(), retry, maxRetries, millis);
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException.Unavailable("interrupted while waiting to retry to " + call.what()
                    + " after: " + last.getMessage(), e);
        }
    }

    private static JsonNode json(Reply reply, String baseUrl, RegistryCall call) {
        try {
            JsonNode node = JSON.readTree(reply.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below, with what the registry sent
        }
        throw new SchemaRegistryException("schema registry " + baseUrl + " answered " + call.what() + " with HTTP "
                + reply.status() + " but not a JSON object (content type " + reply.contentType() + "): "
                + Reply.excerpt(reply.body()), null);
    }

    private static String schemaBody(Schema schema) {
        // always the same text for the same schema: registries that hash the raw text (Apicurio) then dedupe
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static Schema avroSchema(JsonNode body, String what) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException(what + " is a " + type.asText() + " schema; this serde reads Avro only", null);
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("schema registry answer for " + what + " has no schema text", null);
        }
        try {
            // a writer schema's defaults do not matter for reading: do not reject what a registry accepted
            return new Schema.Parser().setValidateDefaults(false).parse(text.asText());
        } catch (AvroRuntimeException e) {
            JsonNode references = body.get("references");
            String hint = references != null && references.isArray() && !references.isEmpty()
                    ? " (it uses schema references, which this serde does not resolve)" : "";
            throw new SchemaRegistryException(what + " is not a schema Avro can parse" + hint + ": " + e.getMessage(), e);
        }
    }

    private static int requiredId(JsonNode body, String what) {
        JsonNode value = body.get("id");
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry answer to " + what + " has no id", null);
        }
        return value.asInt();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One registry call: GET when {@code body} is null, else POST. */
    private record RegistryCall(String path, String body, String what, String subject) {
        static RegistryCall get(String path, String what, String subject) {
            return new RegistryCall(path, null, what, subject);
        }

        static RegistryCall post(String path, String body, String what, String subject) {
            return new RegistryCall(path, body, what, subject);
        }
    }

    /** An HTTP answer, read in full. */
    private record Reply(int status, String contentType, String body) {

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** The registry is up but cannot answer now: server errors, timeouts and rate limits. */
        boolean isRetryable() {
            return status >= 500 || status == 408 || status == 429;
        }

        /** The Confluent {@code error_code}, or -1 when the body has none. */
        int errorCode() {
            JsonNode node = parsedBody();
            return node != null && node.hasNonNull("error_code") && node.get("error_code").canConvertToInt()
                    ? node.get("error_code").asInt() : -1;
        }

        String errorMessage() {
            JsonNode node = parsedBody();
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
            return body.isEmpty() ? "(empty body)" : excerpt(body);
        }

        private JsonNode parsedBody() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return null;   // not JSON (a proxy's HTML page, say): the message shows an excerpt instead
            }
        }

        static String excerpt(String text) {
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
    }
}
