package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkersAiSimulatorTest {

    private static final String LLAMA = "@cf/meta/llama-3.1-8b-instruct";
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
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

    private static String run(String model) {
        return "/client/v4/accounts/" + sim.workersAiAccountId() + "/ai/run/" + model;
    }

    private HttpResponse<String> post(String model, String body) {
        return client.post("workers-ai", run(model), body, client.auth("workers-ai"));
    }

    @Test
    void textGenerationInTheEnvelopeWithUsage() {
        HttpResponse<String> response = post(LLAMA, """
                {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello simulator"}],
                 "max_tokens":100,"temperature":0.3,"seed":7}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cf-ray")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("errors")).isEmpty();
        JsonNode result = body.get("result");
        assertThat(result.get("response").asText()).isEqualTo("simulated " + LLAMA + " reply: Hello simulator");
        JsonNode usage = result.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3 + 4);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }

    @Test
    void promptFormAndMaxTokens() {
        JsonNode result = SimClient.json(post("@cf/meta/llama-3.3-70b-instruct-fp8-fast", "{\"prompt\":\"Hi\",\"max_tokens\":2}"))
                .get("result");

        assertThat(result.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void toolCallsForToolsAndWeather() {
        JsonNode result = SimClient.json(post(LLAMA, """
                {"messages":[{"role":"user","content":"weather in Cairo"}],
                 "tools":[{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}"""))
                .get("result");

        JsonNode call = result.get("tool_calls").get(0);
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("arguments").get("city").asText()).isEqualTo("weather in Cairo");
    }

    @Test
    void embeddingsWithShape() {
        JsonNode result = SimClient.json(post("@cf/baai/bge-base-en-v1.5", "{\"text\":[\"a\",\"b\",\"c\"]}")).get("result");

        assertThat(result.get("shape").get(0).asInt()).isEqualTo(3);
        assertThat(result.get("shape").get(1).asInt()).isEqualTo(8);
        assertThat(result.get("data")).hasSize(3);
        assertThat(result.get("data").get(0)).hasSize(8);
        assertThat(result.get("pooling").asText()).isEqualTo("mean");
    }

    @Test
    void missingOrWrongTokenIs401Code10000() {
        assertFailure(client.post("workers-ai", run(LLAMA), HELLO), 401, 10000);
        assertFailure(client.post("workers-ai", run(LLAMA), HELLO, "Authorization", "Bearer wrong"), 401, 10000);
    }

    @Test
    void anotherAccountIs403() {
        assertFailure(client.post("workers-ai", "/client/v4/accounts/someone-else/ai/run/" + LLAMA, HELLO, client.auth("workers-ai")),
                403, 10000);
    }

    @Test
    void badBodiesAre400() {
        assertFailure(post(LLAMA, "{}"), 400, 5006);
        assertFailure(post(LLAMA, "{\"prompt\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}"), 400, 5006);
        assertFailure(post(LLAMA, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}"), 400, 5006);
        assertFailure(post(LLAMA, "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}],\"max_tokens\":0}"), 400, 5006);
        assertFailure(post("@cf/baai/bge-base-en-v1.5", "{\"text\":[]}"), 400, 5006);
        assertFailure(post(LLAMA, "{{"), 400, 5006);
    }

    @Test
    void unknownModelIs404() {
        assertFailure(post("@cf/meta/llama-2-7b-chat-int8", HELLO), 404, 5007);
    }

    @Test
    void oversizeBodyIs413() {
        HttpResponse<String> response = post(LLAMA, "{\"prompt\":\"" + "w".repeat(4000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(SimClient.json(response).get("success").asBoolean()).isFalse();
    }

    @Test
    void capacityExceededIs429Code3040WithRetryAfter() {
        sim.faults("workers-ai", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(1));

        HttpResponse<String> response = post(LLAMA, HELLO);

        assertFailure(response, 429, 3040);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
    }

    @Test
    void serverErrorsInTheEnvelope() {
        sim.faults("workers-ai", Faults.down(500));
        assertThat(post(LLAMA, HELLO).statusCode()).isEqualTo(500);
        sim.faults("workers-ai", Faults.down(503));
        HttpResponse<String> unavailable = post(LLAMA, HELLO);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(unavailable).get("success").asBoolean()).isFalse();
    }

    private static void assertFailure(HttpResponse<String> response, int status, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("result").isNull()).isTrue();
        assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(code);
        assertThat(body.get("errors").get(0).get("message").asText()).isNotBlank();
        assertThat(body.get("messages")).isEmpty();
    }
}
