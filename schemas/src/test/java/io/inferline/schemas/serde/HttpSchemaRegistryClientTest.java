package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.test.serde.Greeting;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP client against a fake Confluent-API registry on loopback: paths, headers, statuses, retries, credentials. */
class HttpSchemaRegistryClientTest {

    private static final Schema GREETING = Greeting.getClassSchema();
    private static final String SECRET = "s3cret-Pa55";

    private final FakeRegistryServer registry = new FakeRegistryServer();
    private final List<Long> sleeps = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger clientLogger = (Logger) LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        clientLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        clientLogger.detachAppender(logs);
        registry.close();
    }

    private HttpSchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.putIfAbsent(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.baseUrl());
        return HttpSchemaRegistryClient.create(new AvroSerdeConfig(props), sleeps::add);
    }

    @Test
    void registersUnderThePathPrefixWithTheConfluentContentTypeAndTheSchemasCanonicalText() throws IOException {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThat(client.register("greetings-value", GREETING)).isEqualTo(1);
        }
        FakeRegistryServer.Request request = registry.requests.get(0);
        assertThat(request.line()).isEqualTo("POST /subjects/greetings-value/versions");
        assertThat(request.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).contains("application/vnd.schemaregistry.v1+json").contains("application/json");
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(GREETING.toString());
    }

    @Test
    void registeringTheSameSchemaAgainSendsTheSameTextAndGetsTheSameId() {
        Schema reparsed = new Schema.Parser().parse(GREETING.toString());
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            int first = client.register("greetings-value", GREETING);
            assertThat(client.register("greetings-value", reparsed)).isEqualTo(first);
        }
        assertThat(registry.requests.get(1).body()).isEqualTo(registry.requests.get(0).body());
    }

    @Test
    void fetchesASchemaById() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            int id = client.register("greetings-value", GREETING);

            assertThat(client.schemaById(id)).isEqualTo(GREETING);
        }
        assertThat(registry.requestLines()).endsWith("GET /schemas/ids/1");
    }

    @Test
    void looksUpWhetherASchemaIsRegisteredUnderASubject() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            int id = client.register("greetings-value", GREETING);

            assertThat(client.idOf("greetings-value", GREETING)).isEqualTo(id);
            assertThatThrownBy(() -> client.idOf("other-value", GREETING))
                    .isInstanceOfSatisfying(SchemaRegistryException.RequestRejected.class, e -> {
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.subject()).hasValue("other-value");
                        assertThat(e.errorCode()).isEqualTo(40401);
                    })
                    .hasMessageContaining("subject other-value");
        }
        assertThat(registry.requestLines()).contains("POST /subjects/greetings-value", "POST /subjects/other-value");
    }

    @Test
    void fetchesTheLatestVersionOfASubject() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            int id = client.register("greetings-value", GREETING);

            assertThat(client.latest("greetings-value"))
                    .isEqualTo(new SchemaRegistryClient.RegisteredSchema(id, GREETING));
        }
        assertThat(registry.requestLines()).endsWith("GET /subjects/greetings-value/versions/latest");
    }

    @Test
    void readsConfluentsContentTypeAsWellAsPlainJson() {
        registry.answerWithContentType("application/vnd.schemaregistry.v1+json");
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            int id = client.register("greetings-value", GREETING);

            assertThat(client.schemaById(id)).isEqualTo(GREETING);
        }
    }

    @Test
    void retriesServerErrorsWithADoublingCappedBackoff() {
        registry.failNext(3, 503, 50301);
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG, 50L,
                AvroSerdeConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 120L))) {
            assertThat(client.register("greetings-value", GREETING)).isEqualTo(1);
        }
        assertThat(registry.requests).hasSize(4);
        assertThat(sleeps).containsExactly(50L, 100L, 120L);
        assertThat(logs.list).hasSize(3).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("HTTP 503").contains("register a schema under subject greetings-value"));
    }

    @Test
    void retriesRateLimitingAndTimeoutAnswers() {
        registry.failNext(1, 429, 42901);
        registry.failNext(1, 408, 40801);
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThat(client.register("greetings-value", GREETING)).isEqualTo(1);
        }
        assertThat(registry.requests).hasSize(3);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        registry.failNext(100, 500, 50001);
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.MAX_RETRIES_CONFIG, 2))) {
            assertThatThrownBy(() -> client.register("greetings-value", GREETING))
                    .isInstanceOf(SchemaRegistryException.Unavailable.class)
                    .hasMessageContaining(registry.baseUrl())
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("scripted failure 500")
                    .hasMessageContaining("gave up after 3 attempts");
        }
        assertThat(registry.requests).hasSize(3);
    }

    @Test
    void clientErrorsFailAtOnceKeyedOnTheStatusNotTheErrorCode() {
        registry.failNext(1, 409, 0);   // Apicurio's incompatible-schema answer carries error_code 0
        for (int retry = 0; retry < 7; retry++) {   // the default 6 retries, plus one
            registry.failNext(1, 404, 40403);   // a real incompatibility is never found under the subject ...
            registry.failNext(1, 409, 0);       // ... and registering again is refused again
        }
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.register("greetings-value", GREETING))
                    .isInstanceOfSatisfying(SchemaRegistryException.RequestRejected.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.isIncompatible()).isTrue();
                        assertThat(e.errorCode()).isZero();
                        assertThat(e.subject()).hasValue("greetings-value");
                    })
                    .hasMessageContaining("HTTP 409")
                    .hasMessageContaining("error_code 0")
                    .hasMessageContaining("subject greetings-value")
                    .hasMessageContaining("scripted failure 409");
        }
        assertThat(registry.requests).as("the register, then look-ups that find no such schema, each followed (after the retry"
                + " backoff) by another register").hasSize(1 + 2 * 7);
        assertThat(sleeps).hasSize(7);
    }

    @Test
    void aConflictOnRegisterIsSuccessWhenRegisteringAgainAfterTheWinnerFinished() {
        registry.failNext(1, 409, 0);     // the loser of two concurrent first registrations ...
        registry.failNext(1, 404, 40403); // ... before the winner's schema is visible
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThat(client.register("greetings-value", GREETING)).isPositive();
        }
        assertThat(registry.requests).hasSize(3);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aConflictOnRegisterIsSuccessWhenTheSchemaIsThereAfterAll() {
        int id;
        try (HttpSchemaRegistryClient first = client(Map.of())) {
            id = first.register("greetings-value", GREETING);
        }
        registry.failNext(1, 409, 0);   // what Apicurio answers the loser of two concurrent first registrations
        try (HttpSchemaRegistryClient second = client(Map.of())) {
            assertThat(second.register("greetings-value", GREETING)).isEqualTo(id);
        }
    }

    @Test
    void anUnknownIdIsANotFoundWithoutSubject() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.schemaById(99))
                    .isInstanceOfSatisfying(SchemaRegistryException.RequestRejected.class, e -> {
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.errorCode()).isEqualTo(40403);
                        assertThat(e.subject()).isEmpty();
                    })
                    .hasMessageContaining("schema id 99");
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsAClearErrorAndNotRetried() {
        registry.answerNext(200, "text/html", "<html>maintenance</html>");
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isExactlyInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("not a JSON object")
                    .hasMessageContaining("text/html")
                    .hasMessageContaining("maintenance");
        }
        assertThat(registry.requests).hasSize(1);
    }

    @Test
    void aSchemaOfAnotherTypeIsRefused() {
        registry.answerNext(200, "application/json", "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            assertThatThrownBy(() -> client.schemaById(5))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("schema id 5 is a PROTOBUF schema");
        }
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:" + SECRET))) {
            client.register("greetings-value", GREETING);
        }
        assertThat(registry.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sendsNoAuthorizationWithoutCredentials() {
        try (HttpSchemaRegistryClient client = client(Map.of())) {
            client.register("greetings-value", GREETING);
        }
        assertThat(registry.requests.get(0).authorization()).isNull();
    }

    @Test
    void takesCredentialsFromTheUrlAndNeverPrintsOrLogsThem() {
        registry.failNext(100, 503, 50301);
        String urlWithCredentials = registry.baseUrl().replace("http://", "http://svc:" + SECRET + "@");
        try (HttpSchemaRegistryClient client = client(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, urlWithCredentials,
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL",
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 1))) {
            assertThatThrownBy(() -> client.register("greetings-value", GREETING))
                    .isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET).doesNotContain("svc:"));
            assertThat(client.toString()).doesNotContain(SECRET);
        }
        assertThat(registry.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(logs.list).isNotEmpty().allSatisfy(event ->
                assertThat(event.getFormattedMessage()).doesNotContain(SECRET).doesNotContain("svc:"));
    }

    @Test
    void failsOverToTheNextUrlOnConnectionErrorsWithoutWaiting() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                down + "," + registry.baseUrl(), AvroSerdeConfig.MAX_RETRIES_CONFIG, 0))) {
            assertThat(client.register("greetings-value", GREETING)).isEqualTo(1);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anUnreachableRegistryIsRetriedThenReportedWithItsUrl() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        try (HttpSchemaRegistryClient client = client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, down,
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 2))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryException.Unavailable.class)
                    .hasMessageContaining(down + " unreachable to fetch schema id 1")
                    .hasMessageContaining("gave up after 3 attempts")
                    .hasCauseInstanceOf(IOException.class);
        }
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void anInterruptDuringBackoffStopsRetryingAndKeepsTheFlag() {
        registry.failNext(100, 503, 50301);
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.baseUrl()));
        try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.create(config, millis -> {
            throw new InterruptedException();
        })) {
            assertThatThrownBy(() -> client.register("greetings-value", GREETING))
                    .isInstanceOf(SchemaRegistryException.Unavailable.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).isTrue();   // clears it for the next test
        }
        assertThat(registry.requests).hasSize(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
