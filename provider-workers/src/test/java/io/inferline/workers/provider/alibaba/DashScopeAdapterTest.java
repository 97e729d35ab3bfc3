package io.inferline.workers.provider.alibaba;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.WEATHER_TOOLS;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.system;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.AdapterFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DashScopeAdapterTest {

    // made up for the test, shaped like a DashScope key
    private static final String KEY = "sk-5f3c0e2b9a7d41c6b8e0f2a4c6d8e0f1";
    private static final String TASK_ID = "0385dc79-5ff8-4d82-bcb6-a1f2e3d4c5b6";
    private static final TaskHandle TASK = TaskHandle.of(TASK_ID);
    private final DashScopeAdapter adapter = new DashScopeAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest capital() {
        return chat("alibaba", "qwen-plus", options().setMaxOutputTokens(64).setTemperature(0.3).setStop(List.of("\n\n")).setSeed(7L).build(),
                system("You answer briefly."), user("What is the capital of France?"));
    }

    private static RoutedRequest image(GenerationOptions options) {
        return routed("alibaba", "wan2.2-t2i-flash", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(), options);
    }

    private static RoutedRequest foxes() {
        return image(options().setSize("1024x1440").setSeed(42L).setExtra(Map.of("n", "2", "negative_prompt", "\"blurry\"",
                "prompt_extend", "false", "watermark", "true")).build());
    }

    private static RoutedRequest video(GenerationOptions options) {
        return routed("alibaba", "wan2.2-t2v-plus", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("a red fox runs through the snow").build(), options);
    }

    private static RoutedRequest fiveSeconds() {
        return video(options().setSize("1920x1080").setDurationSeconds(5).build());
    }

    private AdapterResult.Failure chatFailure(UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(capital(), response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    private TaskStep polled(RoutedRequest request, String fixture) {
        return adapter.polled(request, TASK, answer(200, fixture), NOW);
    }

    private static AdapterResult.Failure callFailed(TaskStep step) {
        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        return ((TaskStep.CallFailed) step).failure();
    }

    @Test
    void namesItselfAndTheInternationalEndpoint() {
        assertThat(adapter.provider()).isEqualTo("alibaba");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://dashscope-intl.aliyuncs.com"));
        assertThat(adapter.runsAsTask(capital())).isFalse();
        assertThat(adapter.runsAsTask(foxes())).isTrue();
        assertThat(adapter.runsAsTask(fiveSeconds())).isTrue();
    }

    @Test
    void chatPostsTheCompatibleBody() {
        UpstreamRequest request = adapter.toUpstream(capital(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/compatible-mode/v1/chat/completions"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json")
                .doesNotContainKey("X-DashScope-Async");
        assertThat(tree(request.body())).isEqualTo(json("alibaba/chat-request.json"));
    }

    @Test
    void toolsAndJsonOutputAreSentAsOpenAiDoes() {
        RoutedRequest request = chat("alibaba", "qwen-plus", options().setToolsJson(WEATHER_TOOLS).setResponseFormat("json_object").build(),
                user("weather in Hangzhou as json?"), AdapterFixtures.assistantCalling("call_1", "get_weather", "{\"city\":\"Hangzhou\"}"),
                AdapterFixtures.toolResult("call_1", "{\"temp\":21}"));

        var body = tree(adapter.toUpstream(request, endpoint()).body());

        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(body.at("/messages/1/content").asText()).isEmpty();
        assertThat(body.at("/messages/1/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(body.at("/messages/2/tool_call_id").asText()).isEqualTo("call_1");
        assertThatThrownBy(() -> adapter.toUpstream(chat("alibaba", "qwen-plus", options().setSeed(-1L).build(), user("hi")), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("seed");
    }

    @Test
    void chatAnswersCarryTextFinishReasonUsageAndTheirId() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(capital(), answer(200, "alibaba/chat-success.json"), NOW);
        AdapterResult.Success cached = (AdapterResult.Success) adapter.fromUpstream(capital(), answer(200, "alibaba/chat-cached.json"), NOW);

        assertThat(success.output().getText()).isEqualTo("Paris.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(27).setOutputTokens(3).setCachedInputTokens(0)
                .setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("chatcmpl-3f6d1c2e-8a41-9b7e-a1c4-2d9e0f4b7a65");
        assertThat(cached.usage().getInputTokens()).isEqualTo(3019);
        assertThat(cached.usage().getCachedInputTokens()).isEqualTo(2048);
        assertThat(cached.output().getFinishReason()).isEqualTo("length");
    }

    @Test
    void toolCallsComeBackWithTheirIdsAndArguments() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(capital(), answer(200, "alibaba/chat-tool-calls.json"), NOW);

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(success.output().getToolCalls()).singleElement().satisfies(call -> {
            assertThat(call.getId()).isEqualTo("call_0f1b2a3c4d5e6f708192a3b4");
            assertThat(call.getName()).isEqualTo("get_weather");
            assertThat(call.getArgumentsJson()).isEqualTo("{\"city\": \"Hangzhou\"}");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "401 | alibaba/error-401-compatible.json      | FATAL        | FATAL_ERROR     | invalid_api_key        | Incorrect API key",
            "404 | alibaba/error-404-model.json           | FATAL        | FATAL_ERROR     | model_not_found        | does not exist",
            "400 | alibaba/error-400-data-inspection.json | FATAL        | FATAL_ERROR     | data_inspection_failed | inappropriate content",
            "429 | alibaba/error-429-compatible.json      | RATE_LIMITED | RATE_LIMITED    | limit_requests         | rate limit exceeded",
            "500 | alibaba/error-500-compatible.json      | RETRYABLE    | RETRYABLE_ERROR | internal_error         | internal error",
    })
    void chatErrorsKeepTheCompatibleCodeAndMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                                   String message) {
        AdapterResult.Failure failure = chatFailure(answer(status, fixture, Map.of("Retry-After", "4")));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).isPresent();
        if (kind != FailureKind.FATAL) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(4));
        }
    }

    @Test
    void aGatewayPageIsRetriedAndQuoted() {
        AdapterResult.Failure failure = chatFailure(answer(503, "alibaba/gateway-503.html", Map.of("Content-Type", "text/html")));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo("http_503");
        assertThat(failure.message()).contains("503 Service Temporarily Unavailable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alibaba/chat-missing-usage.json   | the answer has no usage (an object)",
            "alibaba/chat-missing-choices.json | the answer has no choices (an array)",
            "alibaba/chat-bad-usage.json       | usage.prompt_tokens is not a non-negative whole number",
            "alibaba/gateway-503.html          | the body is not JSON",
    })
    void unreadableChatAnswersAreInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = chatFailure(answer(200, fixture));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void emptyAndNonObjectChatAnswersAreInvalidResponses() {
        assertThat(chatFailure(raw(200, "[]")).message()).contains("not a JSON object");
        assertThat(chatFailure(raw(200, "")).message()).contains("the body is empty");
    }

    @Test
    void anImageTaskIsCreatedWithTheAsyncHeaderAndDashScopesSizes() {
        UpstreamRequest request = adapter.toUpstream(foxes(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v1/services/aigc/text2image/image-synthesis"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("X-DashScope-Async", "enable")
                .containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("alibaba/image-create-request.json"));
        assertThat(tree(adapter.toUpstream(image(options().build()), endpoint()).body()))
                .isEqualTo(tree("{\"model\":\"wan2.2-t2i-flash\",\"input\":{\"prompt\":\"a red fox in the snow\"},\"parameters\":{\"n\":1}}"
                        .getBytes()));
    }

    @Test
    void aVideoTaskIsCreatedOnTheVideoPath() {
        UpstreamRequest request = adapter.toUpstream(fiveSeconds(), endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v1/services/aigc/video-generation/video-synthesis"));
        assertThat(request.headers()).containsEntry("X-DashScope-Async", "enable");
        assertThat(tree(request.body())).isEqualTo(json("alibaba/video-create-request.json"));
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "5")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("1 to 4");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setSize("16:9").build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("options.size");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("watermark", "\"yes\"")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("style", "\"anime\"")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("style");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setSeed(1L << 32).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("seed");
        assertThatThrownBy(() -> adapter.toUpstream(video(options().setDurationSeconds(10).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("5-second videos only");
        RoutedRequest noPrompt = routed("alibaba", "wan2.2-t2v-plus", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).build(), options().build());
        assertThatThrownBy(() -> adapter.toUpstream(noPrompt, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"EMBEDDING", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("alibaba", "qwen-plus", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("alibaba").hasMessageContaining(capability.name());
    }

    @Test
    void aCreatedTaskIsPendingWithItsIdInTheHandle() {
        TaskStep step = adapter.created(foxes(), answer(200, "alibaba/task-created.json"), NOW);

        assertThat(step).isEqualTo(new TaskStep.Running(TASK, TaskState.PENDING, "PENDING", java.util.Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "403 | alibaba/error-403-async.json      | FATAL        | AccessDenied         | does not support synchronous calls",
            "401 | alibaba/error-401-native.json     | FATAL        | InvalidApiKey        | Invalid API-key",
            "400 | alibaba/error-400-native.json     | FATAL        | InvalidParameter     | Model not exist",
            "400 | alibaba/error-400-inspection.json | FATAL        | DataInspectionFailed | inappropriate content",
            "429 | alibaba/error-429-native.json     | RATE_LIMITED | Throttling.RateQuota | rate limit exceeded",
            "500 | alibaba/error-500-native.json     | RETRYABLE    | InternalError        | internal error",
    })
    void aRefusedCreateIsAFailedCallInTheNativeShape(int status, String fixture, FailureKind kind, String code, String message) {
        AdapterResult.Failure failure = callFailed(adapter.created(foxes(), answer(status, fixture), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).isPresent();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"output\":{\"task_status\":\"PENDING\"},\"request_id\":\"r\"}       | the answer has no output.task_id (a string)",
            "{\"output\":{\"task_id\":\" \",\"task_status\":\"PENDING\"}}          | output.task_id is empty",
            "{\"output\":{\"task_id\":7}}                                        | the answer has no output.task_id (a string)",
            "{\"request_id\":\"r\"}                                              | the answer has no output (an object)",
            "{\"output\":{\"task_id\":\"a\"                                        | the body is not JSON",
    })
    void anUnreadableCreateAnswerIsAnInvalidResponse(String body, String message) {
        AdapterResult.Failure failure = callFailed(adapter.created(foxes(), raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void pollsGetTheTaskAndCancelsPostToItsCancelPath() {
        UpstreamRequest poll = adapter.poll(foxes(), TASK, endpoint());
        UpstreamRequest cancel = adapter.cancel(fiveSeconds(), TASK, endpoint()).orElseThrow();
        UpstreamRequest odd = adapter.poll(foxes(), TaskHandle.of("../v2/x y"), endpoint());

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v1/tasks/" + TASK_ID));
        assertThat(poll.headers()).containsExactly(Map.entry("Authorization", "Bearer " + KEY));
        assertThat(poll.body()).isEmpty();
        assertThat(cancel.method()).isEqualTo("POST");
        assertThat(cancel.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v1/tasks/" + TASK_ID + "/cancel"));
        assertThat(odd.uri().getRawPath()).isEqualTo("/sim/api/v1/tasks/%2E%2E%2Fv2%2Fx%20y");
        assertThat(adapter.cancel(capital(), TASK, endpoint())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alibaba/task-pending.json   | PENDING | PENDING",
            "alibaba/task-suspended.json | PENDING | SUSPENDED",
            "alibaba/task-running.json   | RUNNING | RUNNING",
    })
    void waitingStatusesKeepTheTaskRunning(String fixture, TaskState state, String word) {
        assertThat(polled(foxes(), fixture)).isEqualTo(new TaskStep.Running(TASK, state, word, java.util.Optional.empty()));
    }

    @Test
    void aSucceededImageTaskGivesItsSignedUrlsAndCountsImages() {
        TaskStep.Succeeded step = (TaskStep.Succeeded) polled(foxes(), "alibaba/image-succeeded.json");

        assertThat(step.providerStatus()).isEqualTo("SUCCEEDED");
        List<BinaryRef> images = step.result().output().getBinaries();
        assertThat(images).hasSize(2);
        assertThat(images.get(0).getUri()).startsWith("https://dashscope-result-sg.oss-ap-southeast-1.aliyuncs.com/").contains("1.png?Expires=");
        assertThat(images.get(0).getContentType()).isEqualTo("image/png");
        // the signature's Expires, which is 24 hours after the task ended
        assertThat(images.get(0).getExpiresAt()).isEqualTo(Instant.parse("2026-11-26T10:00:09Z"));
        assertThat(step.result().usage()).isEqualTo(Usage.newBuilder().setUnits(2).setUnitKind(UnitKind.IMAGES).build());
        assertThat(step.result().upstreamRequestId()).contains(TASK_ID);
        assertThat(step.result().output().getFinishReason()).isEqualTo("stop");
    }

    @Test
    void imagesThatFailedAloneAreLeftOutAndNotCounted() {
        TaskStep.Succeeded partial = (TaskStep.Succeeded) polled(foxes(), "alibaba/image-partial.json");
        TaskStep.Ended none = (TaskStep.Ended) polled(foxes(), "alibaba/image-all-failed.json");

        assertThat(partial.result().output().getBinaries()).singleElement()
                .satisfies(image -> assertThat(image.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24))));
        assertThat(partial.result().usage().getUnits()).isEqualTo(1);
        assertThat(none.state()).isEqualTo(TaskState.FAILED);
        assertThat(none.error().getCode()).isEqualTo("DataInspectionFailed");
        assertThat(none.error().getMessage()).contains("inappropriate content");
    }

    @Test
    void aSucceededVideoTaskBillsTheVideosSeconds() {
        TaskStep.Succeeded step = (TaskStep.Succeeded) polled(fiveSeconds(), "alibaba/video-succeeded.json");
        TaskStep.Succeeded other = (TaskStep.Succeeded) polled(fiveSeconds(), "alibaba/video-succeeded-sr.json");

        BinaryRef video = step.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isEqualTo(Instant.parse("2026-11-26T10:03:41Z"));
        assertThat(step.result().usage()).isEqualTo(Usage.newBuilder().setUnits(5).setUnitKind(UnitKind.SECONDS).build());
        assertThat(step.result().upstreamRequestId()).contains(TASK_ID);
        // usage.duration of 5.04 seconds bills 6; a URL without extension is still the MP4 the model makes
        assertThat(other.result().usage().getUnits()).isEqualTo(6);
        assertThat(other.result().output().getBinaries().get(0).getContentType()).isEqualTo("video/mp4");
    }

    @Test
    void aVideoWithoutUsageBillsTheAskedLength() {
        String body = "{\"output\":{\"task_id\":\"" + TASK_ID + "\",\"task_status\":\"SUCCEEDED\",\"video_url\":\"https://r.example/v.mp4\"}}";

        TaskStep.Succeeded step = (TaskStep.Succeeded) adapter.polled(video(options().build()), TASK, raw(200, body), NOW);

        assertThat(step.result().usage().getUnits()).isEqualTo(5);
        assertThat(step.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
    }

    @Test
    void endedTasksCarryTheProvidersReason() {
        TaskStep.Ended failed = (TaskStep.Ended) polled(fiveSeconds(), "alibaba/task-failed.json");
        TaskStep.Ended cancelled = (TaskStep.Ended) polled(fiveSeconds(), "alibaba/task-canceled.json");
        TaskStep.Ended unknown = (TaskStep.Ended) polled(fiveSeconds(), "alibaba/task-unknown.json");

        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.providerStatus()).isEqualTo("FAILED");
        assertThat(failed.error().getCode()).isEqualTo("InvalidParameter");
        assertThat(failed.error().getMessage()).contains("The size is not match");
        assertThat(failed.error().getRetryable()).isFalse();
        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(cancelled.providerStatus()).isEqualTo("CANCELED");
        assertThat(unknown.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(unknown.providerStatus()).isEqualTo("UNKNOWN");
        assertThat(unknown.error().getMessage()).contains("24 hours");
        TaskStep.Ended bare = (TaskStep.Ended) adapter.polled(fiveSeconds(), TASK,
                raw(200, "{\"output\":{\"task_id\":\"x\",\"task_status\":\"FAILED\"}}"), NOW);
        assertThat(bare.error().getCode()).isEqualTo("task_failed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"output\":{\"task_status\":\"DONE\"}}                                           | not a DashScope task status",
            "{\"output\":{\"task_status\":3}}                                                  | no output.task_status (a string)",
            "{\"request_id\":\"r\"}                                                            | no output (an object)",
            "{\"output\":{\"task_status\":\"SUCCEEDED\"}}                                      | no output.results (an array)",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"results\":[]}}                       | output.results is empty",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"results\":[{\"url\":\"ftp://x/1.png\"}]}} | output.results[0].url is not an http(s) URL",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"results\":[{\"orig_prompt\":\"a\"}]}}  | neither url nor code",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"results\":[{\"url\":\"https://x/1.png\"}]},\"usage\":{\"image_count\":-1}} | usage.image_count is not",
            "not json at all                                                                 | the body is not JSON",
    })
    void unreadableImageStatusesAreFailedPolls(String body, String message) {
        AdapterResult.Failure failure = callFailed(adapter.polled(foxes(), TASK, raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().retryable()).isTrue();
        assertThat(failure.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"output\":{\"task_status\":\"SUCCEEDED\"}}                                                    | no output.video_url (a string)",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"video_url\":\"https://x/v.mp4\"},\"usage\":{\"video_duration\":\"5\"}} | usage.video_duration is not",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"video_url\":\"https://x/v.mp4\"},\"usage\":{\"video_duration\":-2}}    | usage.video_duration is not",
            "{\"output\":{\"task_status\":\"SUCCEEDED\",\"video_url\":\"not a url\"}}                        | output.video_url is not",
    })
    void unreadableVideoStatusesAreFailedPolls(String body, String message) {
        AdapterResult.Failure failure = callFailed(adapter.polled(fiveSeconds(), TASK, raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void aFailedPollIsClassifiedLikeAnyCall() {
        AdapterResult.Failure busy = callFailed(adapter.polled(foxes(), TASK, answer(500, "alibaba/error-500-native.json"), NOW));
        AdapterResult.Failure limited = callFailed(adapter.polled(foxes(), TASK,
                answer(429, "alibaba/error-429-native.json", Map.of("Retry-After", "2")), NOW));

        assertThat(busy.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(busy.errorCode()).isEqualTo("InternalError");
        assertThat(limited.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void aTaskCreateAnswerIsNeverReadAsASingleCall() {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(foxes(), answer(200, "alibaba/task-created.json"), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("not_a_single_call");
    }

    @Test
    void theKeyNeverReachesARequestsTextAFailureOrAHandle() {
        List<UpstreamRequest> requests = List.of(adapter.toUpstream(capital(), endpoint()), adapter.toUpstream(foxes(), endpoint()),
                adapter.poll(foxes(), TASK, endpoint()), adapter.cancel(foxes(), TASK, endpoint()).orElseThrow());
        AdapterResult.Failure echoed = chatFailure(answerWithKey(401, "alibaba/error-401-echo.json", KEY));
        TaskStep.Running created = (TaskStep.Running) adapter.created(foxes(), answer(200, "alibaba/task-created.json"), NOW);

        requests.forEach(request -> assertThat(request.toString()).doesNotContain(KEY).contains("Authorization"));
        assertThat(echoed.message()).startsWith("Incorrect API key provided").doesNotContain(KEY);
        assertThat(created.handle().toString()).doesNotContain(KEY);
        assertThat(created.handle().values()).isEmpty();
    }
}
