package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CohereSimulatorTest {

    private static final String CHAT = "/v2/chat";
    private static final String EMBED = "/v2/embed";
    private static final String HELLO = """
            {"model":"command-r-08-2024","messages":[{"role":"user","content":"Hello"}]}""";
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
        return client.post("cohere", path, body, "Authorization", "Bearer " + sim.apiKey("cohere"));
    }

    @Test
    void chatAnswersWithTextPartsAndBothUsageBlocks() {
        HttpResponse<String> response = post(CHAT, """
                {"model":"command-a-03-2025","max_tokens":100,"p":0.9,"seed":3,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello simulator"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("finish_reason").asText()).isEqualTo("COMPLETE");
        JsonNode part = body.get("message").get("content").get(0);
        assertThat(part.get("type").asText()).isEqualTo("text");
        assertThat(part.get("text").asText()).isEqualTo("simulated command-a-03-2025 reply: Hello simulator");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("billed_units").get("input_tokens").asInt()).isEqualTo(3 + 4);
        assertThat(usage.get("tokens").get("input_tokens").asInt()).isEqualTo(3 + 4 + 64);
        assertThat(usage.get("tokens").get("output_tokens")).isEqualTo(usage.get("billed_units").get("output_tokens"));
    }

    @Test
    void maxTokensAndStopSequencesEndTheReply() {
        JsonNode cut = SimClient.json(post(CHAT, """
                {"model":"command-r-08-2024","max_tokens":3,"messages":[{"role":"user","content":"Hello"}]}"""));
        JsonNode stopped = SimClient.json(post(CHAT, """
                {"model":"command-r-08-2024","stop_sequences":["reply"],"messages":[{"role":"user","content":"Hello"}]}"""));

        assertThat(cut.get("finish_reason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(stopped.get("finish_reason").asText()).isEqualTo("STOP_SEQUENCE");
    }

    @Test
    void toolCallsCarryAPlanAndTheirResultsRoundTrip() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                "properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
        JsonNode first = SimClient.json(post(CHAT, "{\"model\":\"command-a-03-2025\"," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}]}"));

        assertThat(first.get("finish_reason").asText()).isEqualTo("TOOL_CALL");
        JsonNode call = first.get("message").get("tool_calls").get(0);
        assertThat(first.get("message").get("tool_plan").asText()).isNotBlank();
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Weather in Oslo?\"}");

        HttpResponse<String> second = post(CHAT, "{\"model\":\"command-a-03-2025\"," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + call.get("id").asText() + "\",\"content\":\"-2 C\"}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(SimClient.json(second).get("finish_reason").asText()).isEqualTo("COMPLETE");
    }

    @Test
    void embedAnswersFloatsByTypeWithBilledTokens() {
        JsonNode body = SimClient.json(post(EMBED, """
                {"model":"embed-v4.0","texts":["first text","second"],"input_type":"search_document","embedding_types":["float"]}"""));

        assertThat(body.get("embeddings").get("float")).hasSize(2);
        assertThat(body.get("embeddings").get("float").get(0)).hasSize(8);
        assertThat(body.get("meta").get("billed_units").get("input_tokens").asInt()).isEqualTo(3 + 2);
        assertThat(body.get("response_type").asText()).isEqualTo("embeddings_by_type");
    }

    @Test
    void missingOrWrongKeyIs401() {
        for (HttpResponse<String> response : List.of(client.post("cohere", CHAT, HELLO),
                client.post("cohere", CHAT, HELLO, "Authorization", "Bearer wrong"))) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(SimClient.json(response).get("message").asText()).isNotBlank();
        }
    }

    @Test
    void badBodiesAre400InvalidRequest() {
        assertBad(post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "model");
        assertBad(post(CHAT, "{\"model\":\"command-r-08-2024\",\"message\":\"hi\"}"), "messages");
        assertBad(post(CHAT, "{\"model\":\"command-r-08-2024\",\"p\":1.0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "p must");
        assertBad(post(CHAT, """
                {"model":"command-r-08-2024","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"x","content":"1"}]}"""),
                "tool_call_id");
        assertBad(post(CHAT, """
                {"model":"command-r-08-2024","response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"json please"}]}"""),
                "response_format");
        assertBad(post(EMBED, "{\"model\":\"embed-v4.0\",\"texts\":[\"a\"],\"embedding_types\":[\"float\"]}"), "input_type");
        assertBad(post(EMBED, "{\"model\":\"embed-v4.0\",\"texts\":[\"a\"],\"input_type\":\"search_query\"}"), "embedding_types");
        assertBad(post(EMBED, "{\"model\":\"embed-v4.0\",\"input_type\":\"clustering\",\"embedding_types\":[\"float\"],\"texts\":"
                + "[" + "\"t\",".repeat(96) + "\"t\"]}"), "at most 96");
        assertBad(post(CHAT, "[1,2"), "JSON");
    }

    @Test
    void unknownModelsAre404() {
        HttpResponse<String> response = post(CHAT, "{\"model\":\"command-z\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SimClient.json(response).get("message").asText()).contains("command-z");
    }

    @Test
    void rateLimitsAndOutagesUseTheMessageShape() {
        sim.faults("cohere", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        HttpResponse<String> limited = post(CHAT, HELLO);
        sim.faults("cohere", Faults.down(503));
        HttpResponse<String> down = post(EMBED, """
                {"model":"embed-v4.0","texts":["a"],"input_type":"search_query","embedding_types":["float"]}""");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(SimClient.json(limited).get("message").asText()).isNotBlank();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(down).get("message").asText()).isNotBlank();
    }

    private static void assertBad(HttpResponse<String> response, String mentioned) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(SimClient.json(response).get("message").asText()).startsWith("invalid request: ").contains(mentioned);
    }
}
