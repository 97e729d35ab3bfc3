package io.inferline.workers.provider.google;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GeminiAdapterTest {

    // made up for the test, shaped like a Google API key
    private static final String KEY = "AIzaSyT3stK3yN0tR3al-AbCdEfGhIjKlMnOpQr";
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static RoutedRequest toolConversation() {
        Message assistant = Message.newBuilder().setRole("assistant").setToolCalls(List.of(
                new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("c2", "lookup_city", "{\"city\":\"Oslo\"}"))).build();
        return chat("google", "gemini-2.5-flash",
                options().setMaxOutputTokens(300).setTemperature(0.7).setTopP(0.8).setStop(List.of("###")).setSeed(11L)
                        .setResponseFormat("json_object").setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                system("Be brief."), user("Weather in Paris and Oslo?"), assistant,
                toolResult("c1", "{\"celsius\":21}"), toolResult("c2", "Oslo, Norway"), user("Which is warmer?"));
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture), NOW);
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
        assertThat(adapter.provider()).isEqualTo("google");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
    }

    @Test
    void chatGoesToGenerateContentWithModelTurnsFunctionPartsAndGenerationConfig() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint(KEY));

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1beta/models/gemini-2.5-flash:generateContent"));
        assertThat(request.headers()).containsEntry("x-goog-api-key", KEY).containsEntry("Content-Type", "application/json");
        assertThat(request.uri().toString()).doesNotContain(KEY);
        assertThat(tree(request.body())).isEqualTo(json("google/generate-request.json"));
    }

    @Test
    void aPromptIsOneUserTurnWithoutGenerationConfig() {
        UpstreamRequest request = adapter.toUpstream(AdapterFixtures.prompt("google", "models/gemini-2.5-pro", "Hi"), endpoint(KEY));

        assertThat(request.uri().getPath()).isEqualTo("/sim/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(tree(request.body())).isEqualTo(tree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}".getBytes()));
    }

    @Test
    void aToolResultForAnUnknownCallIsRefusedForGeminiNeedsTheFunctionName() {
        RoutedRequest request = chat("google", "gemini-2.5-flash", options().build(), user("Hi"), toolResult("nowhere", "42"));

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("nowhere");
    }

    @Test
    void embeddingsGoToBatchEmbedContents() {
        UpstreamRequest request = adapter.toUpstream(embedding("google", "gemini-embedding-001", "first text", "zweiter Text äöü"), endpoint(KEY));

        assertThat(request.uri().getPath()).isEqualTo("/sim/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(tree(request.body())).isEqualTo(json("google/embed-request.json"));
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"VIDEO", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("google", "veo-3", capability), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("google").hasMessageContaining(capability.name());
    }

    @Test
    void thoughtsAreBilledAsOutputButNotShownAndCachedTokensAreKept() {
        AdapterResult.Success success = success(toolConversation(), "google/generate-success.json");

        assertThat(success.output().getText()).isEqualTo("{\"warmer\": \"Paris\"}");
        assertThat(success.output().getStructuredJson()).isEqualTo("{\"warmer\":\"Paris\"}");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(1500).setOutputTokens(120)
                .setCachedInputTokens(1024).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("mKDZaOOYIuTgz7IPwaTH6Qk");
    }

    @Test
    void functionCallsGetIdsByOrderAndFinishAsToolCalls() {
        AdapterResult.Success success = success(toolConversation(), "google/generate-function-call.json");

        assertThat(success.output().getToolCalls()).containsExactly(
                new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
    }

    @ParameterizedTest
    @CsvSource({
            "google/generate-max-tokens.json, length",
            "google/generate-safety.json, content_filter",
            "google/generate-blocked-prompt.json, content_filter",
    })
    void finishReasonsAreNormalized(String fixture, String finishReason) {
        assertThat(success(toolConversation(), fixture).output().getFinishReason()).isEqualTo(finishReason);
    }

    @Test
    void embeddingsReportNoUsageSoTheInputIsEstimatedFromUtf8Bytes() {
        AdapterResult.Success success = success(embedding("google", "gemini-embedding-001", "first text", "zweiter Text äöü"),
                "google/embed-success.json");

        long bytes = "first text".getBytes(StandardCharsets.UTF_8).length + "zweiter Text äöü".getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isEqualTo(29);
        assertThat(success.output().getEmbeddings()).containsExactly(
                List.of(0.013168523f, -0.008711934f, -0.046782676f), List.of(0.5f, 0.25f, -0.125f));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(8).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
            "400, google/error-400.json, FATAL, FATAL_ERROR, INVALID_ARGUMENT, Invalid JSON payload received",
            "403, google/error-403.json, FATAL, FATAL_ERROR, PERMISSION_DENIED, unregistered callers",
            "404, google/error-404.json, FATAL, FATAL_ERROR, NOT_FOUND, models/gemini-9 is not found",
            "500, google/error-500.json, RETRYABLE, RETRYABLE_ERROR, INTERNAL, An internal error has occurred",
            "503, google/error-503.json, RETRYABLE, RETRYABLE_ERROR, UNAVAILABLE, The model is overloaded",
            "504, google/error-504.json, RETRYABLE, RETRYABLE_ERROR, DEADLINE_EXCEEDED, Deadline expired",
    })
    void errorsAreClassifiedWithTheStatusName(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void resourceExhaustedWaitsForRetryAfterElseTheBodysRetryInfo() {
        AdapterResult.Failure withHeader = failure(429, "google/error-429.json", Map.of("Retry-After", "5"));
        AdapterResult.Failure withBody = failure(429, "google/error-429.json", Map.of());

        assertThat(withBody.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(withBody.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(withBody.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(withHeader.failure().retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(withBody.failure().retryAfter()).contains(Duration.ofSeconds(37));
    }

    @Test
    void anEchoedKeyInAnArrayWrappedErrorNeverReachesTheFailure() {
        UpstreamRequest request = adapter.toUpstream(toolConversation(), endpoint(KEY));
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(toolConversation(),
                answerWithKey(401, "google/error-401.json", KEY), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(failure.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.message()).startsWith("API key not valid").doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "google/generate-truncated.json          | the body is not JSON",
            "google/generate-missing-candidates.json | the answer has no candidates[0]",
            "google/generate-missing-usage.json      | the answer has no usageMetadata (an object)",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @Test
    void anHtmlPageOrEmptyBodyIsAnInvalidResponseAndAMissingVectorToo() {
        AdapterResult html = adapter.fromUpstream(toolConversation(), raw(200, "<!DOCTYPE html><html><body>Error 404 (Not Found)!!1</body></html>"), NOW);
        AdapterResult empty = adapter.fromUpstream(toolConversation(), raw(200, ""), NOW);
        AdapterResult noValues = adapter.fromUpstream(embedding("google", "gemini-embedding-001", "a"), raw(200, "{\"embeddings\":[{}]}"), NOW);

        assertThat(((AdapterResult.Failure) html).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) empty).message()).contains("the body is empty");
        assertThat(((AdapterResult.Failure) noValues).message()).contains("embeddings[0].values");
    }
}
