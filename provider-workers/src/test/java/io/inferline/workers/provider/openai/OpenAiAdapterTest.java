package io.inferline.workers.provider.openai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.assistantCalling;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.embedding;
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

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.Output;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OpenAiAdapterTest {

    // made up for the test, shaped like a project key
    private static final String KEY = "sk-proj-T3stK3yN0tR3alAbCdEfGhIjKlMnOpQrStUvWx";
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    private static RoutedRequest richChat() {
        return chat("openai", "gpt-4.1-mini",
                options().setMaxOutputTokens(256).setTemperature(0.2).setTopP(0.9).setStop(List.of("END")).setSeed(42L)
                        .setToolsJson(AdapterFixtures.WEATHER_TOOLS).setResponseFormat("json_object").build(),
                system("You answer in JSON."), user("Weather in Paris?"),
                assistantCalling("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                toolResult("call_1", "{\"celsius\":21}"), user("And in short?"));
    }

    private static RoutedRequest responsesChat() {
        return chat("openai", "o4-mini",
                options().setMaxOutputTokens(512).setTemperature(0.5).setToolsJson(AdapterFixtures.WEATHER_TOOLS)
                        .setExtra(Map.of("openai.api", "\"responses\"")).build(),
                system("Be brief."), user("Weather in Paris?"),
                assistantCalling("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                toolResult("call_1", "{\"celsius\":21}"), user("Summarize."));
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture, Map.of("x-request-id", "req_9f8e")), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(RoutedRequest request, int status, String fixture, Map<String, String> headers) {
        AdapterResult result = adapter.fromUpstream(request, answer(status, fixture, headers), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("openai");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.openai.com"));
    }

    @Test
    void chatGoesToChatCompletionsWithBearerAuthAndEveryOption() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/chat/completions"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("openai/chat-request.json"));
    }

    @Test
    void aPromptIsOneUserMessageAndAbsentOptionsAreLeftOut() {
        UpstreamRequest request = adapter.toUpstream(AdapterFixtures.prompt("openai", "gpt-4.1-mini", "Hi"), endpoint(KEY));

        assertThat(tree(request.body())).isEqualTo(tree("{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes()));
    }

    @Test
    void theResponsesOptionPicksTheResponsesApi() {
        UpstreamRequest request = adapter.toUpstream(responsesChat(), endpoint(KEY));

        assertThat(request.uri().getPath()).isEqualTo("/sim/v1/responses");
        assertThat(tree(request.body())).isEqualTo(json("openai/responses-request.json"));
    }

    @Test
    void aSinglePromptIsSentAsResponsesInputTextAndJsonOutputAsTextFormat() {
        RoutedRequest request = chat("openai", "gpt-4.1", options().setResponseFormat("json_object")
                .setExtra(Map.of("openai.api", "responses")).build(), user("Give me JSON"));

        assertThat(tree(adapter.toUpstream(request, endpoint(KEY)).body())).isEqualTo(tree(
                "{\"model\":\"gpt-4.1\",\"input\":\"Give me JSON\",\"text\":{\"format\":{\"type\":\"json_object\"}}}".getBytes()));
    }

    @Test
    void stopSequencesCannotGoToTheResponsesApi() {
        RoutedRequest request = chat("openai", "gpt-4.1", options().setStop(List.of("END"))
                .setExtra(Map.of("openai.api", "responses")).build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("stop");
    }

    @Test
    void embeddingsGoToTheEmbeddingsEndpoint() {
        UpstreamRequest request = adapter.toUpstream(embedding("openai", "text-embedding-3-small", "first text", "second text"), endpoint(KEY));

        assertThat(request.uri().getPath()).isEqualTo("/sim/v1/embeddings");
        assertThat(tree(request.body())).isEqualTo(json("openai/embeddings-request.json"));
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"VIDEO", "COMPLETION", "UNKNOWN"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("openai", "gpt-image-1", capability), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("openai").hasMessageContaining(capability.name());
    }

    @Test
    void toolsThatAreNotFunctionsAreRefused() {
        RoutedRequest request = chat("openai", "gpt-4.1", options().setToolsJson("[{\"type\":\"web_search\"}]").build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint(KEY))).isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("tools_json");
    }

    @Test
    void aChatAnswerIsNormalizedWithCachedTokensCountedInTheInput() {
        AdapterResult.Success success = success(richChat(), "openai/chat-success.json");

        assertThat(success.output().getText()).isEqualTo("{\"summary\": \"21 C, sunny\"}");
        assertThat(success.output().getStructuredJson()).isEqualTo("{\"summary\":\"21 C, sunny\"}");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(2006).setOutputTokens(300)
                .setCachedInputTokens(1920).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("req_9f8e");
    }

    @Test
    void toolCallsKeepTheirIdsAndArgumentText() {
        AdapterResult.Success success = success(richChat(), "openai/chat-tool-calls.json");

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getToolCalls()).containsExactly(
                new ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_def", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aCutOffAnswerFinishesForLengthAndTheBodyIdServesWithoutTheHeader() {
        AdapterResult result = adapter.fromUpstream(richChat(), answer(200, "openai/chat-length.json"), NOW);

        assertThat(((AdapterResult.Success) result).output().getFinishReason()).isEqualTo("length");
        assertThat(((AdapterResult.Success) result).upstreamRequestId()).contains("chatcmpl-len");
    }

    @Test
    void aResponsesAnswerJoinsItsTextAndCountsReasoningOnceInTheOutput() {
        AdapterResult.Success success = success(responsesChat(), "openai/responses-success.json");

        assertThat(success.output().getText()).isEqualTo("Paris is sunny, 21 C.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage().getInputTokens()).isEqualTo(1360);
        assertThat(success.usage().getCachedInputTokens()).isEqualTo(1024);
        assertThat(success.usage().getOutputTokens()).isEqualTo(1035);
    }

    @Test
    void aResponsesFunctionCallUsesItsCallId() {
        AdapterResult.Success success = success(responsesChat(), "openai/responses-function-call.json");

        assertThat(success.output().getToolCalls()).containsExactly(new ToolCall("call_4Vx", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
    }

    @Test
    void anIncompleteResponseFinishesForLength() {
        Output output = success(responsesChat(), "openai/responses-incomplete.json").output();

        assertThat(output.getText()).isNull();
        assertThat(output.getFinishReason()).isEqualTo("length");
    }

    @Test
    void aFailedResponseIsARetryableFailure() {
        AdapterResult.Failure failure = failure(responsesChat(), 200, "openai/responses-failed.json", Map.of());

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RETRYABLE_ERROR);
        assertThat(failure.errorCode()).isEqualTo("server_error");
    }

    @Test
    void embeddingsComeBackInInputOrder() {
        AdapterResult.Success success = success(embedding("openai", "text-embedding-3-small", "first text", "second text"),
                "openai/embeddings-success.json");

        assertThat(success.output().getEmbeddings()).containsExactly(
                List.of(0.0023064255f, -0.009327292f, 0.015797347f), List.of(0.25f, -0.5f, 0.125f));
        assertThat(success.output().getFinishReason()).isNull();
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(4).setUnitKind(UnitKind.NONE).build());
    }

    @Test
    void tooFewEmbeddingsAreAnInvalidResponse() {
        AdapterResult result = adapter.fromUpstream(embedding("openai", "text-embedding-3-small", "a", "b", "c"),
                answer(200, "openai/embeddings-success.json"), NOW);

        assertThat(((AdapterResult.Failure) result).message()).contains("2 embeddings for 3 texts");
    }

    @ParameterizedTest
    @CsvSource({
            "400, openai/error-400.json, FATAL, FATAL_ERROR, invalid_request_error, Invalid value for 'temperature'",
            "404, openai/error-404.json, FATAL, FATAL_ERROR, model_not_found, The model `gpt-9` does not exist",
            "500, openai/error-500.json, RETRYABLE, RETRYABLE_ERROR, server_error, The server had an error",
            "503, openai/error-503.json, RETRYABLE, RETRYABLE_ERROR, overloaded, currently overloaded",
            "502, openai/gateway-502.html, RETRYABLE, RETRYABLE_ERROR, http_502, 502 Bad Gateway",
    })
    void errorsAreClassifiedWithTheProvidersCodeAndMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome,
                                                           String code, String message) {
        AdapterResult.Failure failure = failure(richChat(), status, fixture, Map.of("x-request-id", "req_err"));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.failure().status()).contains(status);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message).hasSizeLessThan(400);
        assertThat(failure.upstreamRequestId()).contains("req_err");
    }

    @Test
    void aRateLimitWaitsForRetryAfterFirst() {
        AdapterResult.Failure failure = failure(richChat(), 429, "openai/error-429.json", Map.of(
                "retry-after", "2", "x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(failure.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void withoutRetryAfterTheExhaustedLimitsResetIsTheWait() {
        AdapterResult.Failure requests = failure(richChat(), 429, "openai/error-429.json", Map.of(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-remaining-tokens", "150000", "x-ratelimit-reset-tokens", "6m0s"));
        AdapterResult.Failure unknown = failure(richChat(), 429, "openai/error-429.json", Map.of(
                "x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"));

        assertThat(requests.failure().retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(unknown.failure().retryAfter()).contains(Duration.ofMinutes(6));
    }

    @Test
    void anEchoedKeyNeverReachesTheFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(richChat(),
                answerWithKey(401, "openai/error-401.json", KEY), NOW);
        AdapterResult.Failure html = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(200, "<html>key " + KEY + "</html>"), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("invalid_api_key");
        assertThat(failure.message()).startsWith("Incorrect API key provided: [hidden].").doesNotContain(KEY);
        assertThat(failure.toString()).doesNotContain(KEY);
        assertThat(html.message()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "openai/chat-truncated.json  | the body is not JSON",
            "openai/gateway-502.html     | the body is not JSON: <html> <head><title>502 Bad Gateway",
            "openai/chat-missing-choices.json | the answer has no choices (an array)",
            "openai/chat-missing-usage.json   | the answer has no usage (an object)",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(richChat(), 200, fixture, Map.of("x-request-id", "req_bad"));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message).hasSizeLessThan(300);
        assertThat(failure.upstreamRequestId()).contains("req_bad");
    }

    @Test
    void anEmptyBodyIsAnInvalidResponseAndAnEmptyErrorKeepsTheStatus() {
        AdapterResult.Failure empty = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(200, ""), NOW);
        AdapterResult.Failure emptyError = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(503, ""), NOW);

        assertThat(empty.message()).contains("the body is empty");
        assertThat(empty.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(emptyError.errorCode()).isEqualTo("http_503");
        assertThat(emptyError.outcome()).isEqualTo(AttemptOutcome.RETRYABLE_ERROR);
        assertThat(emptyError.upstreamRequestId()).isEqualTo(Optional.empty());
    }
}
