package io.inferline.workers.provider.cohere;

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
import static io.inferline.workers.provider.FailureAssertions.assertClassified;
import static io.inferline.workers.provider.FailureAssertions.assertRateLimited;
import static io.inferline.workers.provider.FailureAssertions.assertRetriedInvalidResponse;
import static io.inferline.workers.provider.FailureAssertions.failureOf;
import static io.inferline.workers.provider.FailureAssertions.successOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.Input;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CohereAdapterTest {

    // made up for the test, shaped like a Cohere key (40 letters and digits)
    private static final String KEY = "C0hereT3stKeyN0tRea1AbCdEfGhIjKlMnOpQrSt";
    private final CohereAdapter adapter = new CohereAdapter();

    private static RoutedRequest richChat() {
        return chat("cohere", "command-a-03-2025",
                options().setMaxOutputTokens(256).setTemperature(0.2).setTopP(0.9).setStop(List.of("END")).setSeed(42L)
                        .setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                system("You answer briefly."), user("Weather in Paris?"),
                assistantCalling("get_weather_p8s2k4m1x9qa", "get_weather", "{\"city\":\"Paris\"}"),
                toolResult("get_weather_p8s2k4m1x9qa", "{\"celsius\":21}"), user("And in short?"));
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        return successOf(adapter.fromUpstream(request, answer(200, fixture), NOW));
    }

    private AdapterResult.Failure failure(int status, String fixture, Map<String, String> headers) {
        return failureOf(adapter.fromUpstream(richChat(), answer(status, fixture, headers), NOW));
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("cohere");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.cohere.com"));
    }

    @Test
    void chatGoesToV2ChatWithCoheresFieldNames() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v2/chat"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("cohere/chat-request.json"));
    }

    @Test
    void aPromptIsOneUserMessageAndJsonOutputIsAResponseFormat() {
        RoutedRequest request = AdapterFixtures.routed("cohere", "command-r-08-2024", Capability.CHAT,
                Input.newBuilder().setCapability(Capability.CHAT).setPrompt("Give me JSON").build(),
                options().setResponseFormat("json_object").build());

        assertThat(tree(adapter.toUpstream(request, endpoint(KEY)).body())).isEqualTo(tree(("{\"model\":\"command-r-08-2024\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Give me JSON\"}],\"response_format\":{\"type\":\"json_object\"}}").getBytes()));
    }

    @Test
    void topPOutsideCoheresRangeIsClampedToIt() {
        RoutedRequest loose = chat("cohere", "command-r-08-2024", options().setTopP(1.0).build(), user("Hi"));
        RoutedRequest tight = chat("cohere", "command-r-08-2024", options().setTopP(0.0).build(), user("Hi"));

        assertThat(tree(adapter.toUpstream(loose, endpoint(KEY)).body()).get("p").asDouble()).isEqualTo(0.99);
        assertThat(tree(adapter.toUpstream(tight, endpoint(KEY)).body()).get("p").asDouble()).isEqualTo(0.01);
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        RoutedRequest jsonWithTools = chat("cohere", "command-a-03-2025", options().setResponseFormat("json_object")
                .setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(), user("JSON weather"));
        RoutedRequest sixStops = chat("cohere", "command-a-03-2025", options().setStop(List.of("a", "b", "c", "d", "e", "f")).build(),
                user("Hi"));
        RoutedRequest manyTexts = embedding("cohere", "embed-v4.0", Collections.nCopies(97, "t").toArray(String[]::new));
        RoutedRequest oddInputType = AdapterFixtures.routed("cohere", "embed-v4.0", Capability.EMBEDDING,
                Input.newBuilder().setCapability(Capability.EMBEDDING).setTexts(List.of("a")).build(),
                options().setExtra(Map.of("cohere.input_type", "\"image\"")).build());

        assertThatThrownBy(() -> adapter.toUpstream(jsonWithTools, endpoint(KEY))).isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("tools");
        assertThatThrownBy(() -> adapter.toUpstream(sixStops, endpoint(KEY))).hasMessageContaining("stop sequences");
        assertThatThrownBy(() -> adapter.toUpstream(manyTexts, endpoint(KEY))).hasMessageContaining("96");
        assertThatThrownBy(() -> adapter.toUpstream(oddInputType, endpoint(KEY))).hasMessageContaining("cohere.input_type");
    }

    @Test
    void embeddingsAskForFloatsForSearchDocumentsUnlessTheRequestSaysOtherwise() {
        UpstreamRequest plain = adapter.toUpstream(embedding("cohere", "embed-v4.0", "first text", "second text"), endpoint(KEY));
        RoutedRequest query = AdapterFixtures.routed("cohere", "embed-v4.0", Capability.EMBEDDING,
                Input.newBuilder().setCapability(Capability.EMBEDDING).setTexts(List.of("where is it")).build(),
                options().setExtra(Map.of("cohere.input_type", "search_query")).build());

        assertThat(plain.uri().getPath()).isEqualTo("/sim/v2/embed");
        assertThat(tree(plain.body())).isEqualTo(json("cohere/embed-request.json"));
        assertThat(tree(adapter.toUpstream(query, endpoint(KEY)).body()).get("input_type").asText()).isEqualTo("search_query");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"IMAGE", "VIDEO", "SPEECH", "TRANSCRIPTION", "COMPLETION", "UNKNOWN"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("cohere", "command-a-03-2025", capability), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("cohere").hasMessageContaining(capability.name());
    }

    @Test
    void aChatAnswerIsBilledFromBilledUnitsNotTheProcessedTokens() {
        AdapterResult.Success success = success(richChat(), "cohere/chat-success.json");

        assertThat(success.output().getText()).isEqualTo("Paris: 21 C, sunny.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.output().getStructuredJson()).isNull();
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(5).setOutputTokens(418)
                .setCachedInputTokens(0).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("c14c80c3-18eb-4519-9460-6c92edd8cfb4");
    }

    @Test
    void jsonOutputIsAlsoStructured() {
        RoutedRequest request = chat("cohere", "command-r-08-2024", options().setResponseFormat("json_object").build(), user("JSON"));

        assertThat(success(request, "cohere/chat-json.json").output().getStructuredJson()).isEqualTo("{\"summary\":\"sunny\"}");
    }

    @Test
    void toolCallsKeepTheirIdsAndThePlanIsNotText() {
        AdapterResult.Success success = success(richChat(), "cohere/chat-tool-calls.json");

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getToolCalls()).containsExactly(
                new ToolCall("get_weather_1byjy32y4hvq", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("get_weather_pwvfcm4wq0t0", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(success.usage().getInputTokens()).isEqualTo(37);
    }

    @Test
    void aCutAnswerIsLengthAndWithoutBilledUnitsTheProcessedTokensAreBilled() {
        AdapterResult.Success success = success(richChat(), "cohere/chat-max-tokens.json");

        assertThat(success.output().getText()).isEqualTo("Paris is sunny and");
        assertThat(success.output().getFinishReason()).isEqualTo("length");
        assertThat(success.usage().getInputTokens()).isEqualTo(80);
        assertThat(success.usage().getOutputTokens()).isEqualTo(16);
    }

    @Test
    void embeddingsComeInTextOrderWithBilledInputTokens() {
        AdapterResult.Success success = success(embedding("cohere", "embed-v4.0", "first text", "second text"), "cohere/embed-success.json");

        assertThat(success.output().getEmbeddings()).containsExactly(
                List.of(0.016296387f, -0.008354187f, -0.04699707f), List.of(0.25f, -0.5f, 0.125f));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(4).setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("da6e531f-54c6-4a73-bf92-f60566d8d753");
    }

    @Test
    void tooFewEmbeddingsAreAnInvalidResponse() {
        AdapterResult result = adapter.fromUpstream(embedding("cohere", "embed-v4.0", "a", "b", "c"),
                answer(200, "cohere/embed-success.json"), NOW);

        assertThat(((AdapterResult.Failure) result).message()).contains("2 embeddings for 3 texts");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | cohere/error-400.json | FATAL     | FATAL_ERROR     | bad_request           | valid input_type must be provided",
            "401 | cohere/error-401.json | FATAL     | FATAL_ERROR     | unauthorized          | invalid api token",
            "404 | cohere/error-404.json | FATAL     | FATAL_ERROR     | not_found             | model 'command-z' not found",
            "498 | cohere/error-498.json | FATAL     | FATAL_ERROR     | invalid_token         | invalid api token",
            "500 | cohere/error-500.json | RETRYABLE | RETRYABLE_ERROR | internal_server_error | internal server error",
            "503 | cohere/error-503.json | RETRYABLE | RETRYABLE_ERROR | service_unavailable   | service unavailable",
    })
    void errorsAreClassifiedByStatusWithCoheresMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome,
                                                      String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of("x-debug-trace-id", "trace-err"));

        assertClassified(failure, status, kind, outcome, code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("trace-err");
    }

    @Test
    void aRateLimitWaitsForRetryAfter() {
        AdapterResult.Failure failure = failure(429, "cohere/error-429.json", Map.of("retry-after", "12"));
        AdapterResult.Failure unannounced = failure(429, "cohere/error-429.json", Map.of());

        assertRateLimited(failure, Duration.ofSeconds(12));
        assertThat(failure.errorCode()).isEqualTo("too_many_requests");
        assertThat(failure.message()).contains("Trial key");
        assertThat(unannounced.failure().retryAfter()).isEmpty();
    }

    @Test
    void theKeyNeverReachesAFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(richChat(), endpoint(KEY));
        AdapterResult.Failure echoed = (AdapterResult.Failure) adapter.fromUpstream(richChat(),
                answerWithKey(401, "cohere/error-401-echo.json", KEY), NOW);
        AdapterResult.Failure html = (AdapterResult.Failure) adapter.fromUpstream(richChat(), raw(502, "<html>key " + KEY + "</html>"), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(echoed.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(echoed.message()).isEqualTo("invalid api token: [hidden]");
        assertThat(echoed.toString()).doesNotContain(KEY);
        assertThat(html.errorCode()).isEqualTo("http_502");
        assertThat(html.message()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cohere/chat-truncated.json       | the body is not JSON",
            "cohere/chat-missing-message.json | the answer has no message (an object)",
            "cohere/chat-missing-usage.json   | the answer has no usage (an object)",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of());

        assertRetriedInvalidResponse(failure, message);
    }

    @Test
    void usageWithNeitherBlockIsAnInvalidResponse() {
        AdapterResult result = adapter.fromUpstream(richChat(), raw(200,
                "{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":[]},\"usage\":{}}"), NOW);

        assertThat(((AdapterResult.Failure) result).message()).contains("usage.billed_units");
    }
}
