package io.inferline.workers.provider.anthropic;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.endpoint;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.system;
import static io.inferline.workers.provider.AdapterFixtures.toolResult;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.AdapterFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AnthropicAdapterTest {

    // made up for the test, shaped like an Anthropic key
    private static final String KEY = "sk-ant-api03-T3stK3yN0tR3al_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AAAA";
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private static RoutedRequest toolConversation() {
        Message assistant = Message.newBuilder().setRole("assistant").setContent("Checking both.").setToolCalls(List.of(
                new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("toolu_02", "get_weather", "{\"city\":\"Oslo\"}"))).build();
        return chat("anthropic", "claude-haiku-4-5",
                options().setMaxOutputTokens(256).setTemperature(0.3).setTopP(0.95).setStop(List.of("###")).setSeed(7L)
                        .setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                system("Be brief."), user("Weather in Paris and Oslo?"), assistant,
                toolResult("toolu_01", "21 C"), toolResult("toolu_02", "9 C"), system("Use Celsius."), user("Which is warmer?"));
    }

    private AdapterResult.Success success(String fixture) {
        AdapterResult result = adapter.fromUpstream(toolConversation(), answer(200, fixture, Map.of("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG")), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(int status, String fixture, Map<String, String> headers) {
        AdapterResult result = adapter.fromUpstream(toolConversation(), answer(status, fixture, headers), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("anthropic");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
    }

    @Test
    void chatGoesToMessagesWithKeyAndVersionHeadersSystemLiftedAndToolResultsMerged() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint(KEY));

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/messages"));
        assertThat(request.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("Content-Type", "application/json").doesNotContainKey("Authorization");
        assertThat(tree(request.body())).isEqualTo(json("anthropic/messages-request.json"));
    }

    @Test
    void maxTokensDefaultsTo4096BecauseTheApiRequiresIt() {
        JsonNode body = tree(adapter.toUpstream(AdapterFixtures.prompt("anthropic", "claude-haiku-4-5", "Hi"), endpoint(KEY)).body());

        assertThat(body).isEqualTo(tree(
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":4096,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes()));
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"EMBEDDING", "IMAGE", "VIDEO", "SPEECH", "TRANSCRIPTION"})
    void onlyChatIsExpressible(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("anthropic", "claude-haiku-4-5", capability), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("anthropic").hasMessageContaining(capability.name());
    }

    @Test
    void jsonModeIsRefusedForTheApiHasNone() {
        RoutedRequest request = chat("anthropic", "claude-haiku-4-5", options().setResponseFormat("json_object").build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("json_object");
    }

    @Test
    void cacheReadsAndWritesCountAsInputAndReadsAsCached() {
        AdapterResult.Success success = success("anthropic/messages-success.json");

        assertThat(success.output().getText()).isEqualTo("Paris is warmer (21 C).");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(2112).setOutputTokens(9)
                .setCachedInputTokens(2000).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("req_018EeWyXxfu5pfWkrYcMdjWG");
    }

    @Test
    void toolUseBecomesToolCallsWithArgumentsAsJsonTextAndThinkingIsLeftOut() {
        AdapterResult.Success success = success("anthropic/messages-tool-use.json");

        assertThat(success.output().getText()).isEqualTo("Let me check.");
        assertThat(success.output().getToolCalls()).hasSize(1);
        ToolCall call = success.output().getToolCalls().get(0);
        assertThat(call.getId()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(tree(call.getArgumentsJson().getBytes())).isEqualTo(tree("{\"city\":\"San Francisco\",\"unit\":\"celsius\"}".getBytes()));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(success.usage().getInputTokens()).isEqualTo(472);
        assertThat(success.usage().getCachedInputTokens()).isZero();
    }

    @Test
    void maxTokensFinishesForLengthAndTheBodyIdServesWithoutTheHeader() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(toolConversation(),
                answer(200, "anthropic/messages-max-tokens.json"), NOW);

        assertThat(success.output().getFinishReason()).isEqualTo("length");
        assertThat(success.upstreamRequestId()).contains("msg_len");
    }

    @ParameterizedTest
    @CsvSource({
            "400, anthropic/error-400.json, FATAL, FATAL_ERROR, invalid_request_error, max_tokens: Field required",
            "404, anthropic/error-404.json, FATAL, FATAL_ERROR, not_found_error, model: claude-haiku-9",
            "500, anthropic/error-500.json, RETRYABLE, RETRYABLE_ERROR, api_error, Internal server error",
            "503, anthropic/error-503.json, RETRYABLE, RETRYABLE_ERROR, http_503, 503 Service Unavailable",
            "529, anthropic/error-529.json, RETRYABLE, RETRYABLE_ERROR, overloaded_error, Overloaded",
    })
    void errorsAreClassifiedWithTheErrorType(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of("request-id", "req_err"));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("req_err");
    }

    @Test
    void aRateLimitWaitsForRetryAfterElseTheExhaustedLimitsResetInstant() {
        AdapterResult.Failure withRetryAfter = failure(429, "anthropic/error-429.json", Map.of("retry-after", "17",
                "anthropic-ratelimit-requests-reset", "2026-11-25T10:00:45Z"));
        AdapterResult.Failure withResets = failure(429, "anthropic/error-429.json", Map.of(
                "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2026-11-25T10:00:12Z",
                "anthropic-ratelimit-tokens-remaining", "38000", "anthropic-ratelimit-tokens-reset", "2026-11-25T10:01:00Z"));

        assertThat(withRetryAfter.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(withRetryAfter.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(withRetryAfter.errorCode()).isEqualTo("rate_limit_error");
        assertThat(withRetryAfter.failure().retryAfter()).contains(Duration.ofSeconds(17));
        // measured from the answer's time, not the wall clock
        assertThat(withResets.failure().retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void anEchoedKeyNeverReachesTheFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint(KEY));
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(toolConversation(),
                answerWithKey(401, "anthropic/error-401.json", KEY), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(failure.errorCode()).isEqualTo("authentication_error");
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.message()).startsWith("invalid x-api-key").doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anthropic/messages-truncated.json       | the body is not JSON",
            "anthropic/error-503.json                | the body is not JSON: <html>",
            "anthropic/messages-missing-usage.json   | the answer has no usage (an object)",
            "anthropic/messages-missing-content.json | the answer has no content (an array)",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @Test
    void anEmptyBodyIsAnInvalidResponse() {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(toolConversation(), raw(200, "  "), NOW);

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains("the body is empty");
    }
}
