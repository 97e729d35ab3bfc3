package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiSimulatorTest {

    private static final String CHAT = "/v1/chat/completions";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults().withMaxBodyBytes(16 * 1024));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void healthy() {
        sim.clearFaults();
        sim.resetStats();
    }

    private HttpResponse<String> chat(String body) {
        return client.post("openai", CHAT, body, client.auth("openai"));
    }

    @Test
    void chatCompletionHasTheDocumentedShapeAndUsage() {
        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Hello simulator"}],"max_completion_tokens":100}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("simulated gpt-4o-mini reply: Hello simulator");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3 + 4); // ceil(10/4) + ceil(15/4)
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(Replies.tokens("simulated gpt-4o-mini reply: Hello simulator"));
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
    }

    @Test
    void maxCompletionTokensCutsTheReplyWithFinishReasonLength() {
        JsonNode body = SimClient.json(chat("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}],"max_completion_tokens":2}"""));

        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void longPromptsReportCachedTokens() {
        String prompt = "x".repeat(4 * 2000);
        JsonNode body = SimClient.json(chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"));

        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(2000);
        assertThat(body.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void toolsAndTheWordWeatherGetAToolCallAndTheToolResultGetsText() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"get_weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
        JsonNode first = SimClient.json(chat("{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"}],"
                + tools + "}"));

        JsonNode choice = first.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("content").isNull()).isTrue();
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"weather in Oslo?\"}");

        String id = call.get("id").asText();
        HttpResponse<String> second = chat("{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"12 C\"}]," + tools + "}");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(second).get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void responsesApiAnswersAndReportsIncompleteAtMaxOutputTokens() {
        HttpResponse<String> response = client.post("openai", "/v1/responses", """
                {"model":"gpt-5","instructions":"Be brief.","input":[{"role":"user","content":"Tell me a long story about a lighthouse keeper and the sea, please"}],
                 "max_output_tokens":16}""", client.auth("openai"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("object").asText()).isEqualTo("response");
        assertThat(body.get("status").asText()).isEqualTo("incomplete");
        assertThat(body.get("incomplete_details").get("reason").asText()).isEqualTo("max_output_tokens");
        JsonNode message = body.get("output").get(0);
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("content").get(0).get("type").asText()).isEqualTo("output_text");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(16);
        assertThat(usage.get("input_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(usage.get("output_tokens_details").get("reasoning_tokens").asInt()).isZero();
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("input_tokens").asInt() + 16);
    }

    @Test
    void responsesApiReturnsAFunctionCallForFlatTools() {
        JsonNode body = SimClient.json(client.post("openai", "/v1/responses", """
                {"model":"gpt-4o","input":"what's the weather in Rome",
                 "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{}}}}]}""",
                client.auth("openai")));

        JsonNode call = body.get("output").get(0);
        assertThat(call.get("type").asText()).isEqualTo("function_call");
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("call_id").asText()).startsWith("call_");
        assertThat(call.get("arguments").asText()).contains("\"city\"");
        assertThat(body.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void embeddingsOnePerInputWithFixedDimension() {
        JsonNode body = SimClient.json(client.post("openai", "/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"alpha\",\"beta\",\"gamma\"]}", client.auth("openai")));

        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data")).hasSize(3);
        assertThat(body.get("data").get(2).get("index").asInt()).isEqualTo(2);
        assertThat(body.get("data").get(0).get("embedding")).hasSize(8);
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(2 + 1 + 2); // ceil(5/4), ceil(4/4), ceil(5/4)
    }

    @Test
    void missingOrWrongKeyIs401() {
        HttpResponse<String> missing = client.post("openai", CHAT, "{}");
        HttpResponse<String> wrong = client.post("openai", CHAT, "{}", "Authorization", "Bearer sk-not-the-simulator-key");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode error = SimClient.json(wrong).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("message").asText()).doesNotContain("sk-not-the-simulator-key");
    }

    @Test
    void badBodiesAre400InOpenAiShape() {
        assertBad(chat("{not json"), null);
        assertBad(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), null);
        assertBad(chat("{\"model\":\"gpt-4o\"}"), "messages");
        assertBad(chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"), "messages[0].role");
        assertBad(chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"x\",\"content\":\"hi\"}]}"), "messages[0].role");
        assertBad(chat("{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}"), "max_tokens");
        assertBad(chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}"), "temperature");
        assertBad(client.post("openai", "/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"max_output_tokens\":5}",
                client.auth("openai")), "max_output_tokens");
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        HttpResponse<String> response = chat("{\"model\":\"gpt-3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SimClient.json(response).get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void oversizeBodyIs413() {
        HttpResponse<String> response = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(20_000) + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(SimClient.json(response).get("error").get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void rateLimitCarriesRetryAfterAndResetHeaders() {
        sim.faults("openai", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));

        HttpResponse<String> response = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("2");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).contains("2s");
        assertThat(response.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();
        assertThat(SimClient.json(response).get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void serverErrorsUseServerErrorType() {
        sim.faults("openai", Faults.down(500));
        HttpResponse<String> internal = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        sim.faults("openai", Faults.down(503));
        HttpResponse<String> overloaded = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(SimClient.json(internal).get("error").get("type").asText()).isEqualTo("server_error");
        assertThat(overloaded.statusCode()).isEqualTo(503);
    }

    private static void assertBad(HttpResponse<String> response, String param) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isNotBlank();
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }
}
