package io.inferline.workers.provider.bytedance;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
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
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ArkAdapterTest {

    // made up for the test, shaped like an Ark API key (a UUID)
    private static final String KEY = "3f9c2b1e-7d4a-4c8e-9b6f-0a1d2e3f4b5c";
    private static final String TASK_ID = "cgt-20261125180000-x1y2z";
    private static final TaskHandle TASK = TaskHandle.of(TASK_ID);
    private final ArkAdapter adapter = new ArkAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest capital() {
        return chat("bytedance", "doubao-seed-1-6-250615", options().setMaxOutputTokens(256).setTemperature(0.7).setTopP(0.9).setSeed(3L)
                .setExtra(Map.of("thinking", "\"disabled\"")).build(), system("You answer briefly."), user("What is the capital of France?"));
    }

    private static RoutedRequest image(GenerationOptions options) {
        return routed("bytedance", "doubao-seedream-4-0-250828", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(), options);
    }

    private static RoutedRequest video(GenerationOptions options) {
        return routed("bytedance", "doubao-seedance-1-0-pro-250528", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("a red fox runs through the snow").build(), options);
    }

    private static RoutedRequest eightSeconds() {
        return video(options().setSize("720p").setDurationSeconds(8).setSeed(11L)
                .setExtra(Map.of("ratio", "\"16:9\"", "camera_fixed", "false", "watermark", "true")).build());
    }

    private AdapterResult.Failure failure(RoutedRequest request, UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(request, response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    private static AdapterResult.Failure callFailed(TaskStep step) {
        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        return ((TaskStep.CallFailed) step).failure();
    }

    private TaskStep polled(String fixture) {
        return adapter.polled(eightSeconds(), TASK, answer(200, fixture), NOW);
    }

    @Test
    void namesItselfAndArksEndpoint() {
        assertThat(adapter.provider()).isEqualTo("bytedance");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://ark.cn-beijing.volces.com"));
        assertThat(adapter.runsAsTask(capital())).isFalse();
        assertThat(adapter.runsAsTask(image(options().build()))).isFalse();
        assertThat(adapter.runsAsTask(eightSeconds())).isTrue();
    }

    @Test
    void chatPostsOpenAisShapeWithTheThinkingSwitchAndNoSeed() {
        UpstreamRequest request = adapter.toUpstream(capital(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v3/chat/completions"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("bytedance/chat-request.json"));
        assertThatThrownBy(() -> adapter.toUpstream(chat("bytedance", "doubao-seed-1-6-250615",
                options().setExtra(Map.of("thinking", "deep")).build(), user("hi")), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("enabled, disabled or auto");
    }

    @Test
    void chatTextLeavesTheReasoningOutButBillsItsTokens() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(capital(),
                answer(200, "bytedance/chat-success.json", Map.of("X-Request-Id", "0217header")), NOW);
        AdapterResult.Success noHeader = (AdapterResult.Success) adapter.fromUpstream(capital(), answer(200, "bytedance/chat-success.json"), NOW);

        assertThat(success.output().getText()).isEqualTo("Paris.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setInputTokens(2086).setOutputTokens(41).setCachedInputTokens(1024)
                .setUnitKind(UnitKind.NONE).build());
        assertThat(success.upstreamRequestId()).contains("0217header");
        assertThat(noHeader.upstreamRequestId()).contains("021795600800123a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2");
    }

    @Test
    void toolCallsComeBack() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(capital(), answer(200, "bytedance/chat-tool-calls.json"), NOW);

        assertThat(success.output().getText()).isNull();
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(success.output().getToolCalls()).singleElement().satisfies(call -> {
            assertThat(call.getId()).isEqualTo("call_6kg1cr2v0bq3y4pwh9ud8fnm");
            assertThat(call.getArgumentsJson()).isEqualTo("{\"city\":\"Beijing\"}");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "401 | bytedance/error-401.json           | FATAL        | FATAL_ERROR     | AuthenticationError                   | missing or invalid",
            "403 | bytedance/error-403-overdue.json   | FATAL        | FATAL_ERROR     | AccountOverdueError                   | overdue balance",
            "404 | bytedance/error-404.json           | FATAL        | FATAL_ERROR     | InvalidEndpointOrModel.NotFound       | does not exist",
            "400 | bytedance/error-400-sensitive.json | FATAL        | FATAL_ERROR     | InputTextSensitiveContentDetected     | sensitive information",
            "429 | bytedance/error-429.json           | RATE_LIMITED | RATE_LIMITED    | RateLimitExceeded.EndpointRPMExceeded | Requests Per Minute",
            "500 | bytedance/error-500.json           | RETRYABLE    | RETRYABLE_ERROR | InternalServiceError                  | unexpected internal error",
            "503 | bytedance/error-type-only.json     | RETRYABLE    | RETRYABLE_ERROR | ServiceUnavailable                    | temporarily overloaded",
    })
    void errorsKeepArksCodeAndMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code, String message) {
        AdapterResult.Failure failure = failure(capital(), answer(status, fixture, Map.of("Retry-After", "6", "x-request-id", "0217err")));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("0217err");
        if (kind == FailureKind.RATE_LIMITED) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(6));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytedance/chat-missing-usage.json   | the answer has no usage (an object)",
            "bytedance/chat-missing-message.json | the answer has no choices[0].message (an object)",
            "bytedance/task-created.json         | the answer has no choices (an array)",
    })
    void unreadableChatAnswersAreInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(capital(), answer(200, fixture));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().retryable()).isTrue();
        assertThat(failure.message()).contains(message);
    }

    @Test
    void imagesArePostedSynchronously() {
        UpstreamRequest request = adapter.toUpstream(image(options().setSize("2K").setSeed(5L).setExtra(Map.of("watermark", "false")).build()),
                endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v3/images/generations"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY);
        assertThat(tree(request.body())).isEqualTo(json("bytedance/images-request.json"));
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "3")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("[n]");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("response_format", "png")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("url or b64_json");
    }

    @Test
    void urlImagesExpireWhenTheirSignatureDoes() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(image(options().build()),
                answer(200, "bytedance/images-url.json"), NOW);

        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getUri()).contains("0217956008071234_0.jpeg?X-Tos-Algorithm=");
        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getExpiresAt()).isEqualTo(Instant.parse("2026-11-26T10:00:07Z"));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setOutputTokens(16384).setUnits(1).setUnitKind(UnitKind.IMAGES).build());
    }

    @Test
    void base64ImagesComeInlineWithSizeAndDigest() {
        RoutedRequest request = image(options().setExtra(Map.of("response_format", "b64_json")).build());

        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(request, answer(200, "bytedance/images-b64.json"), NOW);

        BinaryRef image = success.output().getBinaries().get(0);
        byte[] bytes = Base64.getDecoder().decode(json("bytedance/images-b64.json").at("/data/0/b64_json").asText());
        assertThat(image.getUri()).isEqualTo("inline:");
        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getSizeBytes()).isEqualTo(bytes.length);
        assertThat(image.getSha256()).isEqualTo(InlineBinaries.sha256Hex(bytes));
        assertThat(image.getExpiresAt()).isNull();
        assertThat(tree(adapter.toUpstream(request, endpoint()).body()).path("response_format").asText()).isEqualTo("b64_json");
    }

    @Test
    void imagesThatFailAloneAreLeftOutAndAllFailingIsAFatalAnswer() {
        AdapterResult.Success partial = (AdapterResult.Success) adapter.fromUpstream(image(options().build()),
                answer(200, "bytedance/images-partial.json"), NOW);
        AdapterResult.Failure none = failure(image(options().build()), answer(200, "bytedance/images-all-failed.json"));

        assertThat(partial.output().getBinaries()).singleElement()
                .satisfies(image -> assertThat(image.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24))));
        assertThat(partial.usage().getUnits()).isEqualTo(1);
        assertThat(none.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(none.failure().status()).contains(200);
        assertThat(none.outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(none.errorCode()).isEqualTo("OutputImageSensitiveContentDetected");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "url      | {\"data\":[]}                                     | the answer's data is empty",
            "url      | {\"data\":[{\"size\":\"1x1\"}]}                   | the answer has no data[0].url (a string)",
            "url      | {\"data\":[{\"url\":\"ftp://x/y.jpeg\"}]}     | data[0].url is not an http(s) URL",
            "b64_json | {\"data\":[{\"url\":\"https://x/y.jpeg\"}]}       | the answer has no data[0].b64_json (a string)",
            "b64_json | {\"data\":[{\"b64_json\":\"%%%\"}]}               | data[0].b64_json is not base64",
            "url      | {\"data\":[{\"url\":\"https://x/y.jpeg\"}],\"usage\":{\"generated_images\":1.5}} | usage.generated_images is not",
            "url      | <html>busy</html>                                 | the body is not JSON",
    })
    void unreadableImageAnswersAreInvalidResponses(String format, String body, String message) {
        AdapterResult.Failure failure = failure(image(options().setExtra(Map.of("response_format", format)).build()), raw(200, body));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void aVideoTaskIsCreatedWithTheParametersAsTopLevelFields() {
        UpstreamRequest request = adapter.toUpstream(eightSeconds(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v3/contents/generations/tasks"));
        assertThat(tree(request.body())).isEqualTo(json("bytedance/video-request.json"));
        assertThat(tree(adapter.toUpstream(video(options().setSize("9:16").build()), endpoint()).body()).path("ratio").asText())
                .isEqualTo("9:16");
        assertThatThrownBy(() -> adapter.toUpstream(video(options().setSize("1280x720").build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("resolution (480p, 720p, 1080p)");
        assertThatThrownBy(() -> adapter.toUpstream(video(options().setSeed(-2L).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("seed");
        assertThatThrownBy(() -> adapter.toUpstream(video(options().setExtra(Map.of("fps", "24")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("fps");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"EMBEDDING", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("bytedance", "doubao-seed-1-6-250615", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("bytedance").hasMessageContaining(capability.name());
    }

    @Test
    void aCreatedTaskIsQueuedWithItsId() {
        assertThat(adapter.created(eightSeconds(), answer(200, "bytedance/task-created.json"), NOW))
                .isEqualTo(new TaskStep.Running(TASK, TaskState.PENDING, "queued", Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | bytedance/error-400-invalid.json | FATAL        | InvalidParameter",
            "404 | bytedance/error-404.json         | FATAL        | InvalidEndpointOrModel.NotFound",
            "429 | bytedance/error-429.json         | RATE_LIMITED | RateLimitExceeded.EndpointRPMExceeded",
            "500 | bytedance/error-500.json         | RETRYABLE    | InternalServiceError",
    })
    void aRefusedCreateIsAFailedCall(int status, String fixture, FailureKind kind, String code) {
        AdapterResult.Failure failure = callFailed(adapter.created(eightSeconds(), answer(status, fixture), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                  | the answer has no id (a string)",
            "{\"id\":\"  \"}     | the answer's id is empty",
            "{\"id\":42}         | the answer has no id (a string)",
            "[\"cgt-1\"]         | the body is not a JSON object",
            "{\"id\":\"cgt-1     | the body is not JSON",
    })
    void anUnreadableCreateAnswerIsAnInvalidResponse(String body, String message) {
        AdapterResult.Failure failure = callFailed(adapter.created(eightSeconds(), raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void pollsGetTheTaskAndCancelsDeleteIt() {
        UpstreamRequest poll = adapter.poll(eightSeconds(), TASK, endpoint());
        UpstreamRequest cancel = adapter.cancel(eightSeconds(), TASK, endpoint()).orElseThrow();

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/api/v3/contents/generations/tasks/" + TASK_ID));
        assertThat(poll.headers()).containsExactly(Map.entry("Authorization", "Bearer " + KEY));
        assertThat(poll.body()).isEmpty();
        assertThat(cancel.method()).isEqualTo("DELETE");
        assertThat(cancel.uri()).isEqualTo(poll.uri());
        assertThat(adapter.poll(eightSeconds(), TaskHandle.of("a/../b"), endpoint()).uri().getRawPath())
                .endsWith("/tasks/a%2F%2E%2E%2Fb");
        assertThat(adapter.cancel(capital(), TASK, endpoint())).isEmpty();
        assertThat(adapter.cancel(image(options().build()), TASK, endpoint())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytedance/task-queued.json  | PENDING | queued",
            "bytedance/task-running.json | RUNNING | running",
    })
    void waitingStatusesKeepTheTaskRunning(String fixture, TaskState state, String word) {
        assertThat(polled(fixture)).isEqualTo(new TaskStep.Running(TASK, state, word, Optional.empty()));
    }

    @Test
    void aSucceededTaskGivesItsVideoAndBillsItsSeconds() {
        TaskStep.Succeeded step = (TaskStep.Succeeded) polled("bytedance/task-succeeded.json");

        assertThat(step.providerStatus()).isEqualTo("succeeded");
        BinaryRef video = step.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isEqualTo(Instant.parse("2026-11-26T10:01:07Z"));
        assertThat(step.result().usage()).isEqualTo(Usage.newBuilder().setOutputTokens(172800).setUnits(8).setUnitKind(UnitKind.SECONDS).build());
        assertThat(step.result().upstreamRequestId()).contains(TASK_ID);
    }

    @Test
    void anAnswerWithoutTheDurationBillsTheAskedOrDefaultLength() {
        TaskStep.Succeeded asked = (TaskStep.Succeeded) polled("bytedance/task-succeeded-bare.json");
        TaskStep.Succeeded fallback = (TaskStep.Succeeded) adapter.polled(video(options().build()), TASK,
                answer(200, "bytedance/task-succeeded-bare.json"), NOW);

        assertThat(asked.result().usage().getUnits()).isEqualTo(8);
        assertThat(fallback.result().usage().getUnits()).isEqualTo(5);
        BinaryRef video = fallback.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void endedTasksCarryTheProvidersVerdict() {
        TaskStep.Ended failed = (TaskStep.Ended) polled("bytedance/task-failed.json");
        TaskStep.Ended cancelled = (TaskStep.Ended) polled("bytedance/task-cancelled.json");
        TaskStep.Ended expired = (TaskStep.Ended) polled("bytedance/task-expired.json");

        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.providerStatus()).isEqualTo("failed");
        assertThat(failed.error().getCode()).isEqualTo("OutputVideoSensitiveContentDetected");
        assertThat(failed.error().getMessage()).contains("sensitive information");
        assertThat(failed.error().getRetryable()).isFalse();
        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(cancelled.providerStatus()).isEqualTo("cancelled");
        assertThat(expired.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(expired.providerStatus()).isEqualTo("expired");
        TaskStep.Ended bare = (TaskStep.Ended) adapter.polled(eightSeconds(), TASK, raw(200, "{\"status\":\"failed\",\"error\":null}"), NOW);
        assertThat(bare.error().getCode()).isEqualTo("task_failed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"status\":\"done\"}                                                     | not an Ark task status",
            "{\"status\":true}                                                         | the answer has no status (a string)",
            "{\"id\":\"cgt-1\"}                                                        | the answer has no status (a string)",
            "{\"status\":\"succeeded\"}                                                | the answer has no content (an object)",
            "{\"status\":\"succeeded\",\"content\":{}}                                 | the answer has no content.video_url (a string)",
            "{\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://x/v.mp4\"},\"duration\":\"8\"} | duration is not a non-negative",
            "{\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://x/v.mp4\"},\"usage\":{\"completion_tokens\":-1}} | usage.completion_tokens is not",
            "{\"status\":\"succeeded\",\"content\":{\"video_url\":\"mailto:x\"}}      | content.video_url is not an http(s) URL",
            "garbage                                                                  | the body is not JSON",
    })
    void unreadableStatusesAreFailedPolls(String body, String message) {
        AdapterResult.Failure failure = callFailed(adapter.polled(eightSeconds(), TASK, raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().retryable()).isTrue();
        assertThat(failure.message()).contains(message);
    }

    @Test
    void aFailedPollIsClassifiedLikeAnyCall() {
        AdapterResult.Failure busy = callFailed(adapter.polled(eightSeconds(), TASK, answer(500, "bytedance/error-500.json"), NOW));
        AdapterResult.Failure limited = callFailed(adapter.polled(eightSeconds(), TASK,
                answer(429, "bytedance/error-429.json", Map.of("Retry-After", "3")), NOW));

        assertThat(busy.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(busy.errorCode()).isEqualTo("InternalServiceError");
        assertThat(limited.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void aTaskWhoseRecordIsGoneHasExpired() {
        TaskStep.Ended gone = (TaskStep.Ended) adapter.polled(eightSeconds(), TASK, answer(404, "bytedance/error-404-task.json"), NOW);

        assertThat(gone.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(gone.providerStatus()).isEqualTo("ResourceNotFound");
        assertThat(gone.error().getMessage()).contains("is not found");
        assertThat(gone.error().getUpstreamStatus()).isEqualTo(404);
    }

    @Test
    void aTaskCreateAnswerIsNeverReadAsASingleCall() {
        AdapterResult.Failure failure = failure(eightSeconds(), answer(200, "bytedance/task-created.json"));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("not_a_single_call");
    }

    @Test
    void theKeyNeverReachesARequestsTextAFailureOrAHandle() {
        List<UpstreamRequest> requests = List.of(adapter.toUpstream(capital(), endpoint()), adapter.toUpstream(image(options().build()), endpoint()),
                adapter.toUpstream(eightSeconds(), endpoint()), adapter.poll(eightSeconds(), TASK, endpoint()),
                adapter.cancel(eightSeconds(), TASK, endpoint()).orElseThrow());
        AdapterResult.Failure echoed = failure(capital(), answerWithKey(401, "bytedance/error-401-echo.json", KEY));
        TaskStep.Running created = (TaskStep.Running) adapter.created(eightSeconds(), answer(200, "bytedance/task-created.json"), NOW);

        requests.forEach(request -> assertThat(request.toString()).doesNotContain(KEY).contains("Authorization"));
        assertThat(echoed.message()).startsWith("the API key").doesNotContain(KEY);
        assertThat(created.handle().toString()).doesNotContain(KEY);
        assertThat(created.handle().values()).isEmpty();
    }
}
