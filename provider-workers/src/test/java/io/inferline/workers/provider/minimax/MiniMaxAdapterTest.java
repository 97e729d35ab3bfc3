package io.inferline.workers.provider.minimax;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.WEATHER_TOOLS;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.assistantCalling;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.prompt;
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
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chat, the provider-wide rules (auth, GroupId, base_resp errors) and the key's secrecy. */
class MiniMaxAdapterTest {

    // made up for the test, shaped like a MiniMax secret key
    static final String KEY = "sk-api-Xq7Lm2Pz9Rt4Wv6Yb1Nc3Jd5Hf8Kg0Se2Ua4Io6Qw8Er1Ty3Zx5Cv7Bn9Mm";
    private final MiniMaxAdapter adapter = new MiniMaxAdapter();

    static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest weather() {
        return chat("minimax", "MiniMax-M2", options().setMaxOutputTokens(512).setTemperature(0.7).setTopP(0.95)
                        .setToolsJson(WEATHER_TOOLS).build(),
                system("You answer in one sentence."), user("What is the weather in Paris?"),
                assistantCalling("call_function_1", "get_weather", "{\"city\":\"Paris\"}"), toolResult("call_function_1", "{\"temp_c\":18}"));
    }

    private AdapterResult.Success success(String fixture) {
        return success(answer(200, "minimax/" + fixture));
    }

    private AdapterResult.Success success(UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(weather(), response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(weather(), response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void namesItselfAndRunsOnlyVideoAsATask() {
        assertThat(adapter.provider()).isEqualTo("minimax");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.minimax.io"));
        assertThat(adapter.runsAsTask(weather())).isFalse();
        assertThat(adapter.runsAsTask(AdapterFixtures.capability("minimax", "speech-02-hd", Capability.SPEECH))).isFalse();
        assertThat(adapter.runsAsTask(AdapterFixtures.capability("minimax", "MiniMax-Hailuo-02", Capability.VIDEO))).isTrue();
    }

    @Test
    void chatPostsTheOpenAiShapeWithMaxCompletionTokensAndTheBearerKey() {
        UpstreamRequest request = adapter.toUpstream(weather(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/text/chatcompletion_v2"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("minimax/chat-request.json"));
    }

    @Test
    void aGroupIdIsSentOnlyWhenTheEndpointHasOne() {
        ProviderEndpoint grouped = AdapterFixtures.endpoint(KEY, Map.of("account_id", "1887488082316366000"));

        assertThat(adapter.toUpstream(prompt("minimax", "MiniMax-M2", "Hi"), grouped).uri())
                .isEqualTo(URI.create("http://localhost:18080/sim/v1/text/chatcompletion_v2?GroupId=1887488082316366000"));
        assertThat(adapter.toUpstream(prompt("minimax", "MiniMax-M2", "Hi"), endpoint()).uri().getQuery()).isNull();
    }

    @Test
    void stopSequencesAndJsonOutputAreRefusedBeforeTheCall() {
        RoutedRequest stop = chat("minimax", "MiniMax-M2", options().setStop(List.of("\n\n")).build(), user("Hi"));
        RoutedRequest json = chat("minimax", "MiniMax-M2", options().setResponseFormat("json_object").build(), user("Hi"));

        assertThatThrownBy(() -> adapter.toUpstream(stop, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("stop");
        assertThatThrownBy(() -> adapter.toUpstream(json, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("json_object");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"EMBEDDING", "IMAGE", "TRANSCRIPTION", "COMPLETION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("minimax", "MiniMax-M2", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("minimax").hasMessageContaining(capability.name());
    }

    @Test
    void chatReadsTheTextWithoutTheReasoningAndBillsReasoningAsOutput() {
        AdapterResult.Success success = success("chat-success.json");

        assertThat(success.output().getText()).isEqualTo("It is 18 °C and mild in Paris.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.output().getToolCalls()).isEmpty();
        assertThat(success.usage()).isEqualTo(TokenUsage.of(26, 223, 0));
        assertThat(success.upstreamRequestId()).contains("04ecb5d9b1921ae0fb0e8da9017a5474");
    }

    @Test
    void theTraceIdHeaderIsTheUpstreamIdWhenItComes() {
        AdapterResult.Success success = success(answer(200, "minimax/chat-success.json", Map.of("Trace-Id", "0587a2e1c4f9")));

        assertThat(success.upstreamRequestId()).contains("0587a2e1c4f9");
    }

    @Test
    void aThinkBlockLeadingTheContentIsNotPartOfTheText() {
        assertThat(success("chat-think-tags.json").output().getText()).isEqualTo("It is 18 °C and mild in Paris.");
    }

    @Test
    void toolCallsComeBackWithTheirArgumentsText() {
        AdapterResult.Success success = success("chat-tool-calls.json");

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(success.output().getToolCalls()).containsExactly(ToolCall.newBuilder().setId("call_function_8w1k2")
                .setName("get_weather").setArgumentsJson("{\"city\": \"Paris\"}").build());
    }

    @Test
    void lengthIsTheFinishReasonAndCachedPromptTokensCount() {
        AdapterResult.Success success = success("chat-length-cached.json");

        assertThat(success.output().getFinishReason()).isEqualTo("length");
        assertThat(success.usage()).isEqualTo(TokenUsage.of(26, 223, 20));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1000 | RETRYABLE    | RETRYABLE_ERROR | unknown error",
            "1001 | RETRYABLE    | RETRYABLE_ERROR | request timeout",
            "1002 | RATE_LIMITED | RATE_LIMITED    | rate limit exceeded(RPM)",
            "1004 | FATAL        | FATAL_ERROR     | login fail",
            "1008 | FATAL        | FATAL_ERROR     | insufficient balance",
            "1013 | RETRYABLE    | RETRYABLE_ERROR | internal service error",
            "1024 | RETRYABLE    | RETRYABLE_ERROR | internal error",
            "1026 | FATAL        | FATAL_ERROR     | input new_sensitive",
            "1027 | FATAL        | FATAL_ERROR     | output new_sensitive",
            "1033 | RETRYABLE    | RETRYABLE_ERROR | system error",
            "1039 | RATE_LIMITED | RATE_LIMITED    | token limit exceeded(TPM)",
            "1041 | RATE_LIMITED | RATE_LIMITED    | conn limit",
            "2013 | FATAL        | FATAL_ERROR     | invalid params",
            "2045 | RATE_LIMITED | RATE_LIMITED    | rate growth limit",
            "2049 | FATAL        | FATAL_ERROR     | invalid api key",
            "4321 | FATAL        | FATAL_ERROR     | refused the request with status_code 4321",
    })
    void aBaseRespCodeOnHttp200IsAClassifiedRefusal(int code, FailureKind kind, AttemptOutcome outcome, String message) {
        AdapterResult.Failure failure = failure(answer(200, "minimax/error-" + code + ".json"));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(Integer.toString(code));
        assertThat(failure.message()).contains(message);
        assertThat(failure.failure().status()).contains(200);
        assertThat(failure.failure().retryAfter()).isEmpty();
    }

    @Test
    void httpErrorsFollowTheirStatusAndKeepTheBaseRespMessage() {
        AdapterResult.Failure server = failure(answer(500, "minimax/http-500.json"));
        AdapterResult.Failure limited = failure(answer(429, "minimax/http-429.json", Map.of("Retry-After", "4")));
        AdapterResult.Failure gateway = failure(answer(502, "minimax/gateway-502.html", Map.of("Content-Type", "text/html")));
        AdapterResult.Failure empty = failure(raw(503, ""));

        assertThat(server.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(server.errorCode()).isEqualTo("1000");
        assertThat(server.message()).isEqualTo("unknown error");
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(4));
        assertThat(gateway.errorCode()).isEqualTo("http_502");
        assertThat(gateway.message()).contains("502 Bad Gateway");
        assertThat(empty.failure().retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-truncated.json", "chat-missing-choices.json", "chat-missing-usage.json", "chat-content-object.json",
            "chat-base-resp-string-code.json"})
    void unreadableChatAnswersAreRetriedAsInvalidResponses(String fixture) {
        AdapterResult.Failure failure = failure(answer(200, "minimax/" + fixture));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
    }

    @Test
    void garbageAndOtherShapesAreInvalidResponsesNeverExceptions() {
        for (String body : List.of("", "[]", "\"ok\"", "{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":\"1\"}}",
                "{\"base_resp\":[],\"choices\":[]}")) {
            AdapterResult.Failure failure = failure(raw(200, body));
            assertThat(failure.outcome()).as(body).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        }
    }

    @Test
    void theKeyNeverReachesTheRequestsTextNorAFailure() {
        UpstreamRequest request = adapter.toUpstream(weather(), endpoint());
        AdapterResult.Failure echoed = failure(answerWithKey(200, "minimax/error-1004-echo.json", KEY));
        AdapterResult.Failure echoed401 = failure(answerWithKey(401, "minimax/error-1004-echo.json", KEY));

        assertThat(request.toString()).doesNotContain(KEY).contains("Authorization");
        assertThat(echoed.message()).startsWith("login fail").doesNotContain(KEY);
        assertThat(echoed401.message()).doesNotContain(KEY);
        assertThat(echoed401.failure().kind()).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void usageIsReportedInTokensOnly() {
        Usage usage = success("chat-success.json").usage();

        assertThat(usage.getUnits()).isZero();
        assertThat(usage.getUnitKind()).isEqualTo(io.inferline.avro.UnitKind.NONE);
    }
}
