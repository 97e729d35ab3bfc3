package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MistralSimulatorTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = """
            {"model":"mistral-small-latest","messages":[{"role":"user","content":"Hello"}]}""";
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
        return client.post("mistral", path, body, "Authorization", "Bearer " + sim.apiKey("mistral"));
    }

    @Test
    void chatHasTheDocumentedShapeAndUsage() {
        HttpResponse<String> response = post(CHAT, """
                {"model":"mistral-large-latest","max_tokens":100,"temperature":0.3,"random_seed":7,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello simulator"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("mistral-correlation-id")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("content").asText()).isEqualTo("simulated mistral-large-latest reply: Hello simulator");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3 + 4);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }

    @Test
    void maxTokensCutsTheReplyForLength() {
        JsonNode cut = SimClient.json(post(CHAT, """
                {"model":"mistral-small-latest","max_tokens":3,"messages":[{"role":"user","content":"Hello"}]}"""));

        assertThat(cut.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(cut.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void toolCallsHaveNineCharacterIdsAndTheirResultsRoundTrip() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                "properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
        JsonNode first = SimClient.json(post(CHAT, "{\"model\":\"mistral-small-latest\"," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Lyon?\"}]}"));

        JsonNode choice = first.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("id").asText()).matches("[a-zA-Z0-9]{9}");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Weather in Lyon?\"}");

        HttpResponse<String> second = post(CHAT, "{\"model\":\"mistral-small-latest\"," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Lyon?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"name\":\"get_weather\",\"tool_call_id\":\"" + call.get("id").asText() + "\",\"content\":\"18 C\"}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(SimClient.json(second).get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void embeddingsComeInInputOrderWithPromptTokens() {
        JsonNode body = SimClient.json(post("/v1/embeddings", """
                {"model":"mistral-embed","input":["first text","second"]}"""));

        assertThat(body.get("data")).hasSize(2);
        assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("data").get(0).get("embedding")).hasSize(8);
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(3 + 2);
    }

    @Test
    void missingOrWrongKeyIs401() {
        for (HttpResponse<String> response : List.of(client.post("mistral", CHAT, HELLO),
                client.post("mistral", CHAT, HELLO, "Authorization", "Bearer wrong"))) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(SimClient.json(response).get("type").asText()).isEqualTo("authentication_error");
        }
    }

    @Test
    void schemaViolationsAre422WithTheValidatorsDetail() {
        assertDetail(post(CHAT, """
                {"model":"mistral-small-latest","max_completion_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""),
                "extra_forbidden", "max_completion_tokens");
        assertDetail(post(CHAT, """
                {"model":"mistral-small-latest","seed":5,"messages":[{"role":"user","content":"hi"}]}"""), "extra_forbidden", "seed");
        assertDetail(post(CHAT, "{\"model\":\"mistral-small-latest\"}"), "missing", "messages");
        assertDetail(post(CHAT, """
                {"model":"mistral-small-latest","temperature":2,"messages":[{"role":"user","content":"hi"}]}"""),
                "less_than_equal", "temperature");
        assertDetail(post(CHAT, """
                {"model":"mistral-small-latest","tools":[{"type":"function","function":{"name":"f"}}],
                 "messages":[{"role":"user","content":"hi"}]}"""), "missing", "parameters");
        assertDetail(post(CHAT, "[1,2"), "json_invalid", "0");
    }

    @Test
    void conversationRulesAre400() {
        HttpResponse<String> badId = post(CHAT, """
                {"model":"mistral-small-latest","messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","content":"","tool_calls":[{"id":"call_123456","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_123456","content":"1"}]}""");
        HttpResponse<String> lastAssistant = post(CHAT, """
                {"model":"mistral-small-latest","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}]}""");

        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(badId).get("message").asText()).contains("with a length of 9");
        assertThat(lastAssistant.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(lastAssistant).get("type").asText()).isEqualTo("invalid_request_message_order");
    }

    @Test
    void unknownModelsAre400InvalidModel() {
        HttpResponse<String> chat = post(CHAT, "{\"model\":\"mistral-tiny-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> embedOnChat = post("/v1/embeddings", "{\"model\":\"mistral-small-latest\",\"input\":\"hi\"}");

        for (HttpResponse<String> response : List.of(chat, embedOnChat)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(response).get("type").asText()).isEqualTo("invalid_model");
            assertThat(SimClient.json(response).get("object").asText()).isEqualTo("error");
        }
    }

    @Test
    void rateLimitCarriesRetryAfterAndTheExhaustedMinute() {
        sim.faults("mistral", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));

        HttpResponse<String> response = post(CHAT, HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(response).get("type").asText()).isEqualTo("rate_limited");
        assertThat(response.headers().firstValue("retry-after")).contains("3");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-req-minute")).contains("0");
    }

    @Test
    void serverFaultsUseTheErrorShapeAndMalformedBodiesAreCut() {
        sim.faults("mistral", Faults.down(503));
        HttpResponse<String> down = post(CHAT, HELLO);
        sim.faults("mistral", "mistral-small-latest", Faults.none().withMalformedRate(1.0));
        HttpResponse<String> malformed = post(CHAT, HELLO);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(down).get("type").asText()).isEqualTo("server_error");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).doesNotEndWith("}");
    }

    private static void assertDetail(HttpResponse<String> response, String type, String locPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode detail = SimClient.json(response).get("message").get("detail").get(0);
        assertThat(detail.get("type").asText()).isEqualTo(type);
        assertThat(detail.get("loc").toString()).contains(locPart);
    }
}
