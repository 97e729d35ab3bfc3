package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gemini's image models over real HTTP: generateContent answering with inlineData images. */
class GoogleImageSimulatorTest {

    private static final String IMAGE = "/v1beta/models/gemini-2.5-flash-image:generateContent";
    private static final String LIGHTHOUSE = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a lighthouse at dawn\"}]}],"
            + "\"generationConfig\":{\"responseModalities\":[\"IMAGE\"],\"imageConfig\":{\"aspectRatio\":\"16:9\"}}}";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
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

    private HttpResponse<String> post(String path, String body) {
        return client.post("google", path, body, client.auth("google"));
    }

    private static void assertError(HttpResponse<String> response, int status, String grpcStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo(grpcStatus);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void imageOnlyAnswersCarryOnePngAndImageTokens() {
        HttpResponse<String> response = post(IMAGE, LIGHTHOUSE);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        JsonNode parts = body.get("candidates").get(0).get("content").get("parts");
        assertThat(parts).hasSize(1);
        JsonNode data = parts.get(0).get("inlineData");
        assertThat(data.get("mimeType").asText()).isEqualTo("image/png");
        byte[] png = Base64.getDecoder().decode(data.get("data").asText());
        assertThat(png[0] & 0xFF).isEqualTo(0x89);
        assertThat(body.get("candidates").get(0).get("finishReason").asText()).isEqualTo("STOP");
        JsonNode usage = body.get("usageMetadata");
        assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(1290);
        assertThat(usage.get("candidatesTokensDetails").get(0).get("modality").asText()).isEqualTo("IMAGE");
        assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(Replies.tokens("a lighthouse at dawn"));
        assertThat(body.get("responseId").asText()).isNotBlank();
    }

    @Test
    void withoutModalitiesTheImageComesAfterSomeText() {
        JsonNode parts = SimClient.json(post(IMAGE, "{\"contents\":[{\"parts\":[{\"text\":\"a cat\"}]}]}"))
                .get("candidates").get(0).get("content").get("parts");

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).get("text").asText()).isNotBlank();
        assertThat(parts.get(1).has("inlineData")).isTrue();
    }

    @Test
    void modalitiesAndImageConfigTheApiRefusesAre400s() {
        assertError(post(IMAGE, "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}"),
                400, "INVALID_ARGUMENT");
        assertError(post("/v1beta/models/gemini-2.5-flash:generateContent", LIGHTHOUSE), 400, "INVALID_ARGUMENT");
        assertError(post(IMAGE, "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"responseModalities\":[\"VIDEO\"]}}"),
                400, "INVALID_ARGUMENT");
        assertError(post(IMAGE, "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"imageConfig\":{\"aspectRatio\":\"7:5\"}}}"),
                400, "INVALID_ARGUMENT");
        assertError(post(IMAGE, "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}],\"generationConfig\":{\"imageConfig\":{\"width\":512}}}"),
                400, "INVALID_ARGUMENT");
        assertError(post(IMAGE, "{\"contents\":[]}"), 400, "INVALID_ARGUMENT");
        assertError(post("/v1beta/models/gemini-9-image:generateContent", LIGHTHOUSE), 404, "NOT_FOUND");
        assertError(client.post("google", IMAGE, LIGHTHOUSE), 401, "UNAUTHENTICATED");
    }

    @Test
    void faultsApplyToImageGenerationToo() {
        sim.faults("google", "gemini-2.5-flash-image", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(4));
        HttpResponse<String> limited = post(IMAGE, LIGHTHOUSE);
        assertError(limited, 429, "RESOURCE_EXHAUSTED");
        assertThat(limited.headers().firstValue("retry-after")).contains("4");

        sim.faults("google", "gemini-2.5-flash-image", Faults.none().withMalformedRate(1.0));
        HttpResponse<String> cut = post(IMAGE, LIGHTHOUSE);
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(Json.parse(cut.body().getBytes())).isNull();
    }
}
