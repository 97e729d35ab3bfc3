package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferline.test.serde.Greeting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a scripted fake registry on loopback: paths, headers, statuses, retries. */
class HttpSchemaRegistryClientTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final List<Long> sleeps = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private String base;

    @BeforeEach
    void startFakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/apis/ccompat/v7", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/apis/ccompat/v7".length());
        requests.add(exchange.getRequestMethod() + " " + path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        exchange.getRequestBody().readAllBytes();
        if (failuresLeft.getAndDecrement() > 0) {
            send(exchange, failureStatus, "{\"error_code\":" + failureStatus + "01,\"message\":\"scripted failure\"}");
        } else if (path.equals("/subjects/greetings-value/versions")) {
            send(exchange, 200, "{\"id\":17}");
        } else if (path.equals("/schemas/ids/17")) {
            String schema = Greeting.getClassSchema().toString().replace("\\", "\\\\").replace("\"", "\\\"");
            send(exchange, 200, "{\"schema\":\"" + schema + "\",\"references\":[]}");
        } else {
            send(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");   // as Apicurio answers
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private HttpSchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.putIfAbsent(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, base);
        return HttpSchemaRegistryClient.create(new AvroSerdeConfig(props), sleeps::add);
    }

    @Test
    void registersUnderThePathPrefixWithTheConfluentContentType() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThat(client.register("greetings-value", Greeting.getClassSchema())).isEqualTo(17);
        }
        assertThat(requests).containsExactly("POST /subjects/greetings-value/versions");
        assertThat(contentTypes.get(0)).startsWith("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void fetchesASchemaById() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThat(client.schemaById(17)).isEqualTo(Greeting.getClassSchema());
        }
    }

    @Test
    void retriesServerErrorsWithGrowingBackoff() {
        failuresLeft.set(2);
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG, 50L))) {
            assertThat(client.register("greetings-value", Greeting.getClassSchema())).isEqualTo(17);
        }
        assertThat(requests).hasSize(3);
        assertThat(sleeps).containsExactly(50L, 100L);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        failuresLeft.set(100);
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.MAX_RETRIES_CONFIG, 2))) {
            assertThatThrownBy(() -> client.register("greetings-value", Greeting.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.Unavailable.class)
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining("gave up after 3 attempts");
        }
        assertThat(requests).hasSize(3);
    }

    @Test
    void clientErrorsFailAtOnceWithStatusAndCode() {
        failuresLeft.set(1);
        failureStatus = 409;
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.register("greetings-value", Greeting.getClassSchema()))
                    .isInstanceOfSatisfying(SchemaRegistryException.RequestRejected.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(40901);
                    })
                    .hasMessageContaining("subject greetings-value")
                    .hasMessageContaining("scripted failure");
        }
        assertThat(requests).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anUnknownIdIsANotFound() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.schemaById(99))
                    .isInstanceOfSatisfying(SchemaRegistryException.RequestRejected.class,
                            e -> assertThat(e.isNotFound()).isTrue());
        }
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:s3cret"))) {
            client.register("greetings-value", Greeting.getClassSchema());
        }
        assertThat(authorizations).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void takesCredentialsFromTheUrlAndNeverPrintsThem() {
        failuresLeft.set(100);
        String urlWithCredentials = base.replace("http://", "http://svc:s3cret@");
        try (HttpSchemaRegistryClient client = client(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, urlWithCredentials,
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL",
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 0))) {
            assertThatThrownBy(() -> client.register("greetings-value", Greeting.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cret").doesNotContain("svc:"));
        }
        assertThat(authorizations.get(0)).startsWith("Basic ");
        assertThat(new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, base,
                AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:s3cret")).userInfo().toString()).doesNotContain("s3cret");
    }

    @Test
    void failsOverToTheNextUrlOnConnectionErrors() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "http://127.0.0.1:" + closedPort + "," + base, AvroSerdeConfig.MAX_RETRIES_CONFIG, 0))) {
            assertThat(client.register("greetings-value", Greeting.getClassSchema())).isEqualTo(17);
        }
    }
}
