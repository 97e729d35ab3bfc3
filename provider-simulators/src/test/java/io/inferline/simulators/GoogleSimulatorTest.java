package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleSimulatorTest {

    private static final String FLASH = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults().withMaxBodyBytes(2048));
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

    private HttpResponse<String> generate(String path, String body) {
        return client.post("google", path, body, client.auth("google"));
    }

    @Test
    void generateContentHasTheDocumentedShapeAndUsage() {
        HttpResponse<String> response = generate(FLASH, """
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"Hello simulator"}]}],
                 "generationConfig":{"maxOutputTokens":100,"temperature":0.2}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        JsonNode candidate = body.get("candidates").get(0);
        assertThat(candidate.get("content").get("role").asText()).isEqualTo("model");
        assertThat(candidate.get("content").get("parts").get(0).get("text").asText())
                .isEqualTo("simulated gemini-2.5-flash reply: Hello simulator");
        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
        JsonNode usage = body.get("usageMetadata");
        assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(3 + 4);
        assertThat(usage.get("totalTokenCount").asInt())
                .isEqualTo(usage.get("promptTokenCount").asInt() + usage.get("candidatesTokenCount").asInt());
        assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(body.get("responseId").asText()).isNotBlank();
    }

    @Test
    void proModelsReportThoughtsWithinMaxOutputTokens() {
        JsonNode body = SimClient.json(generate("/v1beta/models/gemini-2.5-pro:generateContent", """
                {"contents":[{"parts":[{"text":"Hello"}]}],"generation_config":{"max_output_tokens":10}}"""));

        JsonNode usage = body.get("usageMetadata");
        assertThat(body.get("candidates").get(0).get("finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(usage.get("candidatesTokenCount").asInt() + usage.get("thoughtsTokenCount").asInt()).isEqualTo(10);
    }

    @Test
    void functionCallForToolsAndWeather() {
        JsonNode body = SimClient.json(generate(FLASH, """
                {"contents":[{"role":"user","parts":[{"text":"weather in Kyoto"}]}],
                 "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}},"required":["city"]}}]}]}"""));

        JsonNode call = body.get("candidates").get(0).get("content").get("parts").get(0).get("functionCall");
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("args").get("city").asText()).isEqualTo("weather in Kyoto");
    }

    @Test
    void batchEmbedContentsOneVectorPerRequest() {
        JsonNode body = SimClient.json(generate("/v1beta/models/gemini-embedding-001:batchEmbedContents", """
                {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}},
                             {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]}}]}"""));

        assertThat(body.get("embeddings")).hasSize(2);
        assertThat(body.get("embeddings").get(0).get("values")).hasSize(8);
        assertThat(body.has("usageMetadata")).isFalse();
    }

    @Test
    void missingOrWrongKeyIs401Unauthenticated() {
        HttpResponse<String> missing = client.post("google", FLASH, HELLO);
        HttpResponse<String> wrong = client.post("google", FLASH, HELLO, "x-goog-api-key", "AIza-wrong");

        for (HttpResponse<String> response : java.util.List.of(missing, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertError(response, 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void badBodiesAre400InvalidArgument() {
        assertError(generate(FLASH, "{}"), 400, "INVALID_ARGUMENT");
        assertError(generate(FLASH, "{\"contents\":[{\"role\":\"system\",\"parts\":[{\"text\":\"x\"}]}]}"), 400, "INVALID_ARGUMENT");
        assertError(generate(FLASH, "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}"), 400, "INVALID_ARGUMENT");
        assertError(generate(FLASH, "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"max_tokens\":5}}"),
                400, "INVALID_ARGUMENT");
        assertError(generate(FLASH, "{\"messages\":[]}"), 400, "INVALID_ARGUMENT");
        assertError(generate(FLASH, "not json"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void unknownModelIs404NotFound() {
        assertError(generate("/v1beta/models/gemini-1.0-ultra:generateContent", HELLO), 404, "NOT_FOUND");
        assertError(generate("/v1beta/models/gemini-embedding-001:generateContent", HELLO), 404, "NOT_FOUND");
    }

    @Test
    void oversizeBodyIs413() {
        assertError(generate(FLASH, "{\"contents\":[{\"parts\":[{\"text\":\"" + "q".repeat(5000) + "\"}]}]}"), 413, "INVALID_ARGUMENT");
    }

    @Test
    void rateLimitIsResourceExhaustedWithRetryInfo() {
        sim.faults("google", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(4));

        HttpResponse<String> response = generate(FLASH, HELLO);

        assertError(response, 429, "RESOURCE_EXHAUSTED");
        assertThat(response.headers().firstValue("retry-after")).contains("4");
        assertThat(SimClient.json(response).get("error").get("details").get(0).get("retryDelay").asText()).isEqualTo("4s");
    }

    @Test
    void unavailableAndInternalAndDeadline() {
        sim.faults("google", Faults.down(503));
        assertError(generate(FLASH, HELLO), 503, "UNAVAILABLE");
        sim.faults("google", Faults.down(500));
        assertError(generate(FLASH, HELLO), 500, "INTERNAL");
        sim.faults("google", Faults.down(504));
        assertError(generate(FLASH, HELLO), 504, "DEADLINE_EXCEEDED");
    }

    private static void assertError(HttpResponse<String> response, int status, String grpcStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("status").asText()).isEqualTo(grpcStatus);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
