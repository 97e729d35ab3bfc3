package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecraftSimulatorTest {

    private static final String PATH = "/v1/images/generations";
    private static final String FOX = "{\"prompt\":\"a red fox\",\"model\":\"recraftv3\"}";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults().withMaxBodyBytes(4096));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void healthy() {
        sim.clearFaults();
    }

    private HttpResponse<String> post(String body) {
        return client.post("recraft", PATH, body, client.auth("recraft"));
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void urlsPointBackAtTheSimulatorAndServeTheImage() throws Exception {
        HttpResponse<String> response = post("{\"prompt\":\"a red fox\",\"model\":\"recraftv3\",\"n\":2,\"size\":\"1024x1024\","
                + "\"style\":\"digital_illustration\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("data")).hasSize(2);
        String url = body.get("data").get(0).get("url").asText();
        assertThat(url).startsWith(sim.baseUrl("recraft") + "/files/img_sim").endsWith(".webp");

        HttpResponse<byte[]> image = get(url);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/webp");
        assertThat(new String(image.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(new String(image.body(), 8, 4)).isEqualTo("WEBP");
    }

    @Test
    void base64OnRequestAndSvgForVectorStyles() throws Exception {
        JsonNode raster = SimClient.json(post("{\"prompt\":\"a fox\",\"response_format\":\"b64_json\"}"));
        JsonNode vector = SimClient.json(post("{\"prompt\":\"a fox\",\"style\":\"vector_illustration\",\"size\":\"16:9\"}"));

        byte[] webp = Base64.getDecoder().decode(raster.get("data").get(0).get("b64_json").asText());
        assertThat(new String(webp, 8, 4)).isEqualTo("WEBP");
        String svgUrl = vector.get("data").get(0).get("url").asText();
        assertThat(svgUrl).endsWith("-1820x1024.svg");
        HttpResponse<byte[]> svg = get(svgUrl);
        assertThat(svg.headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(new String(svg.body())).startsWith("<svg").contains("width=\"1820\"");
    }

    @Test
    void missingOrWrongTokenIsPlainText401() {
        HttpResponse<String> missing = client.post("recraft", PATH, FOX);
        HttpResponse<String> wrong = client.post("recraft", PATH, FOX, "Authorization", "Bearer nope");

        for (HttpResponse<String> response : java.util.List.of(missing, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(response.body()).isEqualTo("request unauthorized");
        }
    }

    @Test
    void unknownPathIsPlainText404() {
        HttpResponse<String> response = client.post("recraft", "/v1/images/generate", FOX, client.auth("recraft"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found");
    }

    @Test
    void badBodiesAndUnknownModelsAre400WithCodeAndMessage() {
        assertError(post("{{"), 400, "invalid_body");
        assertError(post("{\"model\":\"recraftv3\"}"), 400, "invalid_prompt");
        assertError(post("{\"prompt\":\"" + "p".repeat(1001) + "\"}"), 400, "prompt_too_long");
        assertError(post("{\"prompt\":\"a\",\"n\":7}"), 400, "invalid_n");
        assertError(post("{\"prompt\":\"a\",\"size\":\"1000x1000\"}"), 400, "invalid_size");
        assertError(post("{\"prompt\":\"a\",\"style\":\"watercolor\"}"), 400, "invalid_style");
        assertError(post("{\"prompt\":\"a\",\"response_format\":\"multipart\"}"), 400, "invalid_response_format");
        assertError(post("{\"prompt\":\"a\",\"model\":\"recraftv9\"}"), 400, "invalid_model");
    }

    @Test
    void rateLimitAndOutagesCarryRetryAfter() {
        sim.faults("recraft", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        HttpResponse<String> limited = post(FOX);
        assertError(limited, 429, "too_many_requests");
        assertThat(limited.headers().firstValue("retry-after")).contains("2");

        sim.faults("recraft", Faults.down(503));
        assertError(post(FOX), 503, "service_unavailable");
        sim.faults("recraft", Faults.down(500));
        assertError(post(FOX), 500, "internal_error");
    }

    @Test
    void malformedAnswersAreTruncatedJson() {
        sim.faults("recraft", Faults.none().withMalformedRate(1.0));

        HttpResponse<String> response = post(FOX);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parse(response.body().getBytes())).isNull();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }
}
