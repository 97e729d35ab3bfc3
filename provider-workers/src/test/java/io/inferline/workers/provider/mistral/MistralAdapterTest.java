package io.inferline.workers.provider.mistral;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
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
import static io.inferline.workers.provider.FailureAssertions.assertClassified;
import static io.inferline.workers.provider.FailureAssertions.assertRateLimited;
import static io.inferline.workers.provider.FailureAssertions.assertRetriedInvalidResponse;
import static io.inferline.workers.provider.FailureAssertions.failureOf;
import static io.inferline.workers.provider.FailureAssertions.successOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class MistralAdapterTest {

    // made up for the test, shaped like a Mistral key (32 letters and digits)
    private static final String KEY = "T3stMistra1KeyN0tRealAbCdEfGhIjK";
    // what ToolCallIds makes of "call_1", fixed here so a change of the mapping shows
    private static final String MAPPED_CALL_1 = "SpNJKeyju";
    private final MistralAdapter adapter = new MistralAdapter();

    private static RoutedRequest richChat() {
        Message calls = Message.newBuilder().setRole("assistant").setToolCalls(List.of(
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("D7kQ2xLmP", "get_weather", "{\"city\":\"Nice\"}"))).build();
        return chat("mistral", "mistral-large-latest",
                options().setMaxOutputTokens(256).setTemperature(0.2).setTopP(0.9).setStop(List.of("END")).setSeed(42L)
                        .setToolsJson(AdapterFixtures.WEATHER_TOOLS).setResponseFormat("json_object").build(),
                system("You answer in JSON."), user("Weather in Paris?"), calls,
                toolResult("call_1", "{\"celsius\":21}"), toolResult("D7kQ2xLmP", "{\"celsius\":24}"), user("And in short?"));
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        return successOf(adapter.fromUpstream(request, answer(200, fixture, Map.of("mistral-correlation-id", "corr-9f8e")), NOW));
    }

    private AdapterResult.Failure failure(int status, String fixture, Map<String, String> headers) {
        return failureOf(adapter.fromUpstream(richChat(), answer(status, fixture, headers), NOW));
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("mistral");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.mistral.ai"));
    }

    @Test
    void chatGoesToChatCompletionsWithMistralsFieldNamesOnly() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/chat/completions"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("mistral/chat-request.json"));
    }

    @Test
    void foreignToolCallIdsBecomeNineLettersAndDigitsTheSameWayEachTime() {
        assertThat(ToolCallIds.forMistral("call_1")).isEqualTo(MAPPED_CALL_1).matches("[A-Za-z0-9]{9}");
        assertThat(ToolCallIds.forMistral("toolu_01A09q90qw90lq917835lq9")).matches("[A-Za-z0-9]{9}")
                .isNotEqualTo(ToolCallIds.forMistral("toolu_01A09q90qw90lq917835lq8"));
        assertThat(ToolCallIds.forMistral("D7kQ2xLmP")).isEqualTo("D7kQ2xLmP");
    }

    @Test
    void aPromptIsOneUserMessageAndAbsentOptionsAreLeftOut() {
        UpstreamRequest request = adapter.toUpstream(AdapterFixtures.prompt("mistral", "mistral-small-latest", "Hi"), endpoint(KEY));

        assertThat(tree(request.body())).isEqualTo(tree(
                "{\"model\":\"mistral-small-latest\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes()));
    }

    @Test
    void aToolWithoutParametersGetsAnEmptySchemaBecauseTheApiRequiresOne() {
        RoutedRequest request = chat("mistral", "mistral-small-latest",
                options().setToolsJson("[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]").build(), user("Time?"));

        assertThat(tree(adapter.toUpstream(request, endpoint(KEY)).body()).get("tools")).isEqualTo(tree(
                "[{\"type\":\"function\",\"function\":{\"name\":\"now\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]".getBytes()));
    }

    @Test
    void aNegativeSeedIsRefused() {
        RoutedRequest request = chat("mistral", "mistral-small-latest", options().setSeed(-1L).build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("random_seed");
    }

    @Test
    void embeddingsGoToTheEmbeddingsEndpoint() {
        UpstreamRequest request = adapter.toUpstream(embedding("mistral", "mistral-embed", "first text", "second text"), endpoint(KEY));

        assertThat(request.uri().getPath()).isEqualTo("/sim/v1/embeddings");
        assertThat(tree(request.body())).isEqualTo(json("mistral/embeddings-request.json"));
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"IMAGE", "VIDEO", "SPEECH", "TRANSCRIPTION", "COMPLETION", "UNKNOWN"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("mistral", "mistral-large-latest", capability), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("mistral").hasMessageContaining(capability.name());
    }

    @Test
    void aChatAnswerIsNormalizedWithCachedTokensInsideTheInput() {
        AdapterResult.Success success = success(richChat(), "mistral/chat-success.json");

        assertThat(success.output().getText()).isEqualTo("{\"summary\": \"21 C, sunny\"}");
        assertThat(success.output().getStructuredJson()).isEqualTo("{\"summary\":\"21 C, sunny\"}");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(1840).setOutputTokens(12)
                .setCachedInputTokens(1536).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("corr-9f8e");
    }

    @Test
    void toolCallsKeepMistralsIdsAndTakeArgumentsAsTextOrObject() {
        AdapterResult.Success success = success(richChat(), "mistral/chat-tool-calls.json");

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getToolCalls()).containsExactly(
                new ToolCall("Wq3ZrT8pK", "get_weather", "{\"city\": \"Paris\"}"),
                new ToolCall("b9XkLm2Qa", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
    }

    @Test
    void chunkedContentJoinsItsTextAndModelLengthIsLength() {
        AdapterResult result = adapter.fromUpstream(richChat(), answer(200, "mistral/chat-model-length.json"), NOW);

        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getText()).isEqualTo("Paris is sunny, 21 C and");
        assertThat(success.output().getFinishReason()).isEqualTo("length");
        assertThat(success.upstreamRequestId()).contains("cmpl-len");
        assertThat(success.usage().getCachedInputTokens()).isZero();
    }

    @Test
    void embeddingsAreOrderedByTheirIndex() {
        AdapterResult.Success success = success(embedding("mistral", "mistral-embed", "first text", "second text"),
                "mistral/embeddings-success.json");

        assertThat(success.output().getEmbeddings()).containsExactly(
                List.of(-0.016632080078125f, 0.0701904296875f, 0.03143310546875f), List.of(0.25f, -0.5f, 0.125f));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(6).setUnitKind(UnitKind.NONE).build());
    }

    @Test
    void tooFewEmbeddingsAreAnInvalidResponse() {
        AdapterResult result = adapter.fromUpstream(embedding("mistral", "mistral-embed", "a", "b", "c"),
                answer(200, "mistral/embeddings-success.json"), NOW);

        assertThat(((AdapterResult.Failure) result).message()).contains("2 embeddings for 3 texts");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | mistral/error-400.json      | FATAL     | FATAL_ERROR     | invalid_model         | Invalid model: mistral-huge-latest",
            "401 | mistral/error-401.json      | FATAL     | FATAL_ERROR     | http_401              | Unauthorized",
            "404 | mistral/error-404.json      | FATAL     | FATAL_ERROR     | http_404              | Not Found",
            "422 | mistral/error-422.json      | FATAL     | FATAL_ERROR     | invalid_request_error | max_completion_tokens: Extra inputs are not permitted; top_p: Input should be a valid number",
            "422 | mistral/error-422-bare.json | FATAL     | FATAL_ERROR     | validation_error      | messages: Field required",
            "500 | mistral/error-500.json      | RETRYABLE | RETRYABLE_ERROR | server_error          | Internal server error",
            "503 | mistral/error-503.json      | RETRYABLE | RETRYABLE_ERROR | server_error          | temporarily unavailable",
    })
    void errorsAreClassifiedWithTheProvidersTypeAndMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome,
                                                           String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of("mistral-correlation-id", "corr-err"));

        assertClassified(failure, status, kind, outcome, code);
        assertThat(failure.message()).contains(message).doesNotContain("8192");
        assertThat(failure.upstreamRequestId()).contains("corr-err");
    }

    @Test
    void aRateLimitWaitsForRetryAfter() {
        AdapterResult.Failure failure = failure(429, "mistral/error-429.json", Map.of("retry-after", "7",
                "x-ratelimit-limit-req-minute", "60", "x-ratelimit-remaining-req-minute", "0"));
        AdapterResult.Failure unannounced = failure(429, "mistral/error-429.json", Map.of("x-ratelimit-remaining-req-minute", "0"));

        assertRateLimited(failure, Duration.ofSeconds(7));
        assertThat(failure.errorCode()).isEqualTo("rate_limited");
        assertThat(unannounced.failure().retryAfter()).isEmpty();
    }

    @Test
    void theKeyNeverReachesAFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));
        AdapterResult.Failure echoed = (AdapterResult.Failure) adapter.fromUpstream(richChat(),
                answerWithKey(401, "mistral/error-401-echo.json", KEY), NOW);
        AdapterResult.Failure html = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(200, "<html>key " + KEY + "</html>"), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(echoed.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(echoed.errorCode()).isEqualTo("authentication_error");
        assertThat(echoed.message()).isEqualTo("Invalid API key: [hidden]");
        assertThat(echoed.toString()).doesNotContain(KEY);
        assertThat(html.message()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mistral/chat-truncated.json       | the body is not JSON",
            "mistral/chat-missing-choices.json | the answer has no choices (an array)",
            "mistral/chat-missing-usage.json   | the answer has no usage (an object)",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of("mistral-correlation-id", "corr-bad"));

        assertRetriedInvalidResponse(failure, message);
        assertThat(failure.upstreamRequestId()).contains("corr-bad");
    }

    @Test
    void anEmptyErrorKeepsItsStatus() {
        AdapterResult.Failure empty = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(502, ""), NOW);

        assertThat(empty.errorCode()).isEqualTo("http_502");
        assertThat(empty.outcome()).isEqualTo(AttemptOutcome.RETRYABLE_ERROR);
    }
}
