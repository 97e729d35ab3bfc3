package io.inferline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared registry speaks the Confluent API over plain HTTP, with Confluent's default compatibility. */
class SchemaRegistryIT {

    private static final String PING_V1 =
            "{'type':'record','name':'Ping','fields':[{'name':'at','type':'long'}]}";
    // a new field without a default: new readers cannot read old data, so BACKWARD rejects it
    private static final String PING_V2 =
            "{'type':'record','name':'Ping','fields':[{'name':'at','type':'long'},{'name':'by','type':'string'}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaStack stack = KafkaStack.shared();

    @Test
    void answersSubjectsAndAcceptsAndServesASchema() throws Exception {
        String subject = KafkaStack.uniqueName("registry-it") + "-value";

        assertThat(get("/subjects").statusCode()).isEqualTo(200);
        HttpResponse<String> registered = register(subject, PING_V1);
        assertThat(registered.statusCode()).isEqualTo(200);
        String id = registered.body().replaceAll("\\D", "");

        assertThat(get("/subjects").body()).contains(subject);
        assertThat(get("/schemas/ids/" + id).body()).contains("Ping");
    }

    @Test
    void rejectsAnIncompatibleChangeBecauseCompatibilityIsBackward() throws Exception {
        String subject = KafkaStack.uniqueName("registry-it") + "-value";

        assertThat(get("/config").body()).contains("BACKWARD");
        assertThat(register(subject, PING_V1).statusCode()).isEqualTo(200);
        assertThat(register(subject, PING_V2).statusCode()).isEqualTo(409);
    }

    /** Field order is part of Avro's binary encoding: a registry that reorders fields corrupts every read. */
    @Test
    void servesASchemaWithItsFieldsInTheOrderTheyWereRegistered() throws Exception {
        String subject = KafkaStack.uniqueName("registry-it") + "-value";
        String unsorted = "{'type':'record','name':'Order','fields':[{'name':'zulu','type':'long'},"
                + "{'name':'alpha','type':'string'},{'name':'mike','type':'int'}]}";

        String id = register(subject, unsorted).body().replaceAll("\\D", "");
        String served = get("/schemas/ids/" + id).body();

        assertThat(served.indexOf("zulu")).isLessThan(served.indexOf("alpha"));
        assertThat(served.indexOf("alpha")).isLessThan(served.indexOf("mike"));
    }

    @Test
    void isTheSameStackAsTheOtherTestClassesOfThisJvm() {
        assertThat(KafkaStack.shared()).isSameAs(stack);
        assertThat(KafkaStack.startsInThisJvm()).as("stacks started in this JVM").isEqualTo(1);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /subjects/{subject}/versions with the schema as a JSON string ('quotes' in the constants become \"). */
    private HttpResponse<String> register(String subject, String schema) throws IOException, InterruptedException {
        String body = "{\"schema\":\"" + schema.replace("'", "\\\"") + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
