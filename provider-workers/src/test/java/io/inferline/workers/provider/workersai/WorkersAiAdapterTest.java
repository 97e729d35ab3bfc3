package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.assistantCalling;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.embedding;
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
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
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

class WorkersAiAdapterTest {

    // made up for the test, shaped like a 40-character Cloudflare API token
    private static final String TOKEN = "Cf7_T3stT0k3nN0tR3al-AbCdEfGhIjKlMnOpQrS";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private final WorkersAiAdapter adapter = new WorkersAiAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(TOKEN, Map.of("account_id", ACCOUNT));
    }

    private static RoutedRequest toolConversation() {
        return chat("workers-ai", "@cf/meta/llama-3.1-8b-instruct",
                options().setMaxOutputTokens(128).setTemperature(0.6).setTopP(0.9).setSeed(5L)
                        .setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                system("Be brief."), user("Weather in Paris?"), assistantCalling("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                toolResult("call_0", "21 C"), user("Warm?"));
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture, Map.of("cf-ray", "8c2f1a2b3c4d5e6f-CDG")), NOW);
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
        assertThat(adapter.provider()).isEqualTo("workers-ai");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.cloudflare.com"));
        assertThat(TOKEN).hasSize(40);
    }

    @Test
    void chatRunsTheModelUnderTheAccountWithTheSlashesKept() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint());

        assertThat(request.uri()).isEqualTo(URI.create(
                "http://localhost:18080/sim/client/v4/accounts/" + ACCOUNT + "/ai/run/@cf/meta/llama-3.1-8b-instruct"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + TOKEN).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("workers-ai/chat-request.json"));
    }

    @Test
    void aPromptIsOneUserMessage() {
        UpstreamRequest request = adapter.toUpstream(AdapterFixtures.prompt("workers-ai", "@cf/meta/llama-3.1-8b-instruct", "Hi"), endpoint());

        assertThat(tree(request.body())).isEqualTo(tree("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes()));
    }

    @Test
    void embeddingsSendTheTexts() {
        UpstreamRequest request = adapter.toUpstream(embedding("workers-ai", "@cf/baai/bge-base-en-v1.5", "first text", "second text"), endpoint());

        assertThat(request.uri().getPath()).isEqualTo("/sim/client/v4/accounts/" + ACCOUNT + "/ai/run/@cf/baai/bge-base-en-v1.5");
        assertThat(tree(request.body())).isEqualTo(json("workers-ai/embed-request.json"));
    }

    @Test
    void aMissingAccountIdIsRefusedNamingTheSettingNotTheToken() {
        ProviderEndpoint withoutAccount = AdapterFixtures.endpoint(TOKEN, Map.of());

        assertThatThrownBy(() -> adapter.toUpstream(toolConversation(), withoutAccount))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("account_id")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void stopSequencesAndJsonModeHaveNoFieldHere() {
        RoutedRequest stop = chat("workers-ai", "@cf/meta/llama-3.1-8b-instruct", options().setStop(List.of("END")).build(), user("Hi"));
        RoutedRequest json = chat("workers-ai", "@cf/meta/llama-3.1-8b-instruct", options().setResponseFormat("json_object").build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(stop, endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("stop");
        assertThatThrownBy(() -> adapter.toUpstream(json, endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("json_object");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"VIDEO", "COMPLETION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("workers-ai", "@cf/black-forest-labs/flux-1-schnell", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("workers-ai").hasMessageContaining(capability.name());
    }

    @Test
    void aChatAnswerUsesTheReportedUsageAndTheRayIdAsRequestId() {
        AdapterResult.Success success = success(toolConversation(), "workers-ai/chat-success.json");

        assertThat(success.output().getText()).isEqualTo("Yes, 21 C is warm.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(64).setOutputTokens(9).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("8c2f1a2b3c4d5e6f-CDG");
    }

    @Test
    void toolCallsWithObjectArgumentsAndNoUsageAreEstimated() {
        AdapterResult.Success success = success(toolConversation(), "workers-ai/chat-tool-calls.json");

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getToolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        // 51 bytes of conversation text -> 13 tokens; 15 bytes of arguments -> 4 tokens
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(13).setOutputTokens(4).setUnitKind(UnitKind.NONE).build());
    }

    @Test
    void embeddingsComeFromResultDataWithAnEstimatedInput() {
        AdapterResult.Success success = success(embedding("workers-ai", "@cf/baai/bge-base-en-v1.5", "first text", "second text"),
                "workers-ai/embed-success.json");

        assertThat(success.output().getEmbeddings()).containsExactly(List.of(0.03f, -0.02f, 0.01f), List.of(0.5f, 0.25f, -0.125f));
        // 21 bytes -> 6 tokens
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(6).setUnitKind(UnitKind.NONE).build());
    }

    @ParameterizedTest
    @CsvSource({
            "400, workers-ai/error-400.json, FATAL, FATAL_ERROR, 5006, required properties at '/' are 'text'; Error: 'messages' must be an array",
            "404, workers-ai/error-404.json, FATAL, FATAL_ERROR, 5007, No such model",
            "500, workers-ai/error-500.json, RETRYABLE, RETRYABLE_ERROR, 3043, Internal server error",
            "503, workers-ai/error-503.json, RETRYABLE, RETRYABLE_ERROR, 3039, Service temporarily unavailable",
    })
    void errorsAreClassifiedWithTheFirstErrorsCode(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of("cf-ray", "ray-err"));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("ray-err");
    }

    @Test
    void capacityExceededIsRateLimited() {
        AdapterResult.Failure failure = failure(429, "workers-ai/error-429.json", Map.of("Retry-After", "3"));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(failure.errorCode()).isEqualTo("3040");
        assertThat(failure.message()).isEqualTo("Capacity temporarily exceeded, please try again.");
        assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void aSuccessfulStatusThatSaysItFailedIsAFailureClassifiedByItsCode() {
        AdapterResult.Failure capacity = failure(200, "workers-ai/success-false-3040.json", Map.of());
        AdapterResult.Failure other = failure(200, "workers-ai/success-false-5006.json", Map.of());

        assertThat(capacity.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(capacity.errorCode()).isEqualTo("3040");
        assertThat(capacity.failure().status()).contains(200);
        assertThat(other.outcome()).isEqualTo(AttemptOutcome.RETRYABLE_ERROR);
        assertThat(other.errorCode()).isEqualTo("5006");
    }

    @Test
    void anEchoedTokenNeverReachesTheFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint());
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(toolConversation(),
                answerWithKey(401, "workers-ai/error-401.json", TOKEN), NOW);

        assertThat(request.toString()).doesNotContain(TOKEN);
        assertThat(failure.errorCode()).isEqualTo("10000");
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.message()).startsWith("Authentication error for token").doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "workers-ai/chat-truncated.json        | the body is not JSON",
            "workers-ai/chat-missing-result.json   | the answer has no result (an object)",
            "workers-ai/chat-missing-response.json | the answer has no result.response",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @Test
    void anHtmlPageOrEmptyBodyIsAnInvalidResponse() {
        AdapterResult page = adapter.fromUpstream(toolConversation(), raw(200, "<html><body>Worker threw exception</body></html>"), NOW);
        AdapterResult empty = adapter.fromUpstream(toolConversation(), raw(200, ""), NOW);

        assertThat(((AdapterResult.Failure) page).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) empty).message()).contains("the body is empty");
    }
}
