package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicSimulatorTest {

    private static final String MESSAGES = "/v1/messages";
    private static final String HELLO = """
            {"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}""";
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

    private HttpResponse<String> messages(String body) {
        return client.post("anthropic", MESSAGES, body, client.auth("anthropic"));
    }

    @Test
    void messageHasTheDocumentedShapeAndUsage() {
        HttpResponse<String> response = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"system":"Be brief.",
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hello simulator"}]}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("id").asText()).startsWith("msg_");
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("content").get(0).get("text").asText()).isEqualTo("simulated claude-sonnet-4-5 reply: Hello simulator");
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        JsonNode usage = body.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(3 + 4);
        assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.get("output_tokens").asInt()).isPositive();
    }

    @Test
    void cachedPromptsSplitInputFromCacheReads() {
        String prompt = "y".repeat(4 * 1200);
        JsonNode usage = SimClient.json(messages("{\"model\":\"claude-opus-4-6\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}")).get("usage");

        // normalized input = input_tokens + cache_read + cache_creation = the whole prompt
        assertThat(usage.get("input_tokens").asInt() + usage.get("cache_read_input_tokens").asInt()).isEqualTo(1200);
        assertThat(usage.get("cache_read_input_tokens").asInt()).isEqualTo(600);
    }

    @Test
    void maxTokensAndStopSequencesEndTheTurn() {
        JsonNode cut = SimClient.json(messages("""
                {"model":"claude-haiku-4-5","max_tokens":3,"messages":[{"role":"user","content":"Hello"}]}"""));
        JsonNode stopped = SimClient.json(messages("""
                {"model":"claude-haiku-4-5","max_tokens":100,"stop_sequences":["reply"],
                 "messages":[{"role":"user","content":"Hello"}]}"""));

        assertThat(cut.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(cut.get("usage").get("output_tokens").asInt()).isEqualTo(3);
        assertThat(stopped.get("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(stopped.get("stop_sequence").asText()).isEqualTo("reply");
        assertThat(stopped.get("content").get(0).get("text").asText()).isEqualTo("simulated claude-haiku-4-5 ");
    }

    @Test
    void toolUseThenToolResultRoundTrip() {
        String tools = """
                "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]""";
        JsonNode first = SimClient.json(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather in Lima?\"}]}"));

        assertThat(first.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = first.get("content").get(1);
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("name").asText()).isEqualTo("get_weather");
        assertThat(use.get("input").get("city").asText()).isEqualTo("What's the weather in Lima?");

        HttpResponse<String> second = messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather in Lima?\"},"
                + "{\"role\":\"assistant\",\"content\":" + first.get("content") + "},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + use.get("id").asText()
                + "\",\"content\":\"18 C\"}]}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(SimClient.json(second).get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void missingOrWrongKeyIs401AuthenticationError() {
        HttpResponse<String> missing = client.post("anthropic", MESSAGES, HELLO, "anthropic-version", "2023-06-01");
        HttpResponse<String> wrong = client.post("anthropic", MESSAGES, HELLO, "x-api-key", "nope", "anthropic-version", "2023-06-01");
        HttpResponse<String> bearer = client.post("anthropic", MESSAGES, HELLO,
                "Authorization", "Bearer " + sim.apiKey("anthropic"), "anthropic-version", "2023-06-01");

        for (HttpResponse<String> response : java.util.List.of(missing, wrong, bearer)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertError(response, "authentication_error");
        }
    }

    @Test
    void missingOrUnknownVersionIs400() {
        HttpResponse<String> missing = client.post("anthropic", MESSAGES, HELLO, "x-api-key", sim.apiKey("anthropic"));
        HttpResponse<String> unknown = client.post("anthropic", MESSAGES, HELLO,
                "x-api-key", sim.apiKey("anthropic"), "anthropic-version", "2024-01-01");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertError(missing, "invalid_request_error");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(unknown).get("error").get("message").asText()).contains("2024-01-01");
    }

    @Test
    void badBodiesAre400() {
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "max_tokens");
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"be nice\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}]}"), "system");
        assertBad(messages("{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "model");
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10}"), "messages");
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"max_completion_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "max_completion_tokens");
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"1\"}]}]}"), "tool_use_id");
        assertBad(messages("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"temperature\":1.5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "temperature");
        assertBad(messages("[1,2"), null);
    }

    @Test
    void unknownModelIs404NotFound() {
        HttpResponse<String> response = messages("""
                {"model":"claude-2","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertError(response, "not_found_error");
    }

    @Test
    void bodiesOverTheDefaultTenMegabytesAre413() {
        String big = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "z".repeat(10 * 1024 * 1024) + "\"}]}";

        HttpResponse<String> response = messages(big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, "request_too_large");
    }

    @Test
    void rateLimitCarriesRetryAfterAndRfc3339Reset() {
        sim.faults("anthropic", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));

        HttpResponse<String> response = messages(HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertError(response, "rate_limit_error");
        assertThat(response.headers().firstValue("retry-after")).contains("3");
        Instant reset = Instant.parse(response.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertThat(reset).isBetween(Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofSeconds(5)));
    }

    @Test
    void overloadedIs529AndServerErrorIs500() {
        sim.faults("anthropic", Faults.down(529));
        HttpResponse<String> overloaded = messages(HELLO);
        sim.faults("anthropic", Faults.down(500));
        HttpResponse<String> internal = messages(HELLO);

        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertError(overloaded, "overloaded_error");
        assertThat(internal.statusCode()).isEqualTo(500);
        assertError(internal, "api_error");
    }

    private static void assertError(HttpResponse<String> response, String type) {
        JsonNode body = SimClient.json(response);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo(type);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
    }

    private static void assertBad(HttpResponse<String> response, String mentioned) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertError(response, "invalid_request_error");
        if (mentioned != null) {
            assertThat(SimClient.json(response).get("error").get("message").asText()).contains(mentioned);
        }
    }
}
