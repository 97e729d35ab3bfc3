package io.inferline.workers.provider.runway;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.task.TaskStepAssertions.assertUnreadablePoll;
import static io.inferline.workers.provider.task.TaskStepAssertions.callFailure;
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
import io.inferline.workers.credentials.ProviderCredentials;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderAdapters;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunwayAdapterTest {

    // made up for the test, shaped like a Runway API secret
    private static final String KEY = "key_3f9a0c71d2b84e6f95a1c0d7e3b2f4a6918c5d0e7f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
    private static final String TASK_ID = "17f20503-6c24-4c16-946b-35dbbce2af2f";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final TaskHandle VIDEO_TASK = TaskHandle.of(TASK_ID).with("kind", "video").with("duration_seconds", "5");
    private static final TaskHandle IMAGE_TASK = TaskHandle.of(TASK_ID).with("kind", "image");
    private final RunwayAdapter adapter = new RunwayAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static BinaryRef url(String url) {
        return BinaryRef.newBuilder().setUri(url).setContentType("image/png").build();
    }

    private static RoutedRequest video(List<BinaryRef> media, String prompt, GenerationOptions options) {
        return routed("runway", "gen4_turbo", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt(prompt).setMedia(media).build(), options);
    }

    private static RoutedRequest fox() {
        return video(List.of(url("https://example.com/frames/fox.png")), "the fox turns its head towards the camera",
                options().setSize("1104x832").setDurationSeconds(5).setSeed(42L)
                        .setExtra(Map.of("public_figure_threshold", "\"low\"")).build());
    }

    private static RoutedRequest image(List<BinaryRef> media, GenerationOptions options) {
        return routed("runway", "gen4_image", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow, golden hour").setMedia(media).build(),
                options);
    }

    private TaskStep polled(RoutedRequest request, TaskHandle handle, UpstreamResponse response) {
        return adapter.polled(request, handle, response, NOW);
    }

    @Test
    void namesItselfAndTheRealApiAndIsInstalledAsATaskAdapter() {
        assertThat(adapter.provider()).isEqualTo("runway");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.dev.runwayml.com"));
        assertThat(ProviderAdapters.installed().forProvider("runway")).get().isInstanceOf(TaskAdapter.class);
        assertThat(ProviderCredentials.variablesFor("runway")).containsExactly("RUNWAY_API_KEY", "RUNWAYML_API_SECRET");
    }

    @Test
    void videosAndImagesRunAsTasks() {
        assertThat(adapter.runsAsTask(fox())).isTrue();
        assertThat(adapter.runsAsTask(image(List.of(), options().build()))).isTrue();
        assertThat(adapter.runsAsTask(AdapterFixtures.prompt("runway", "gen4_turbo", "hi"))).isFalse();
    }

    @Test
    void imageToVideoPostsTheFirstFrameAndEveryOptionWithTheVersionHeader() {
        UpstreamRequest request = adapter.toUpstream(fox(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/image_to_video"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY)
                .containsEntry("X-Runway-Version", "2024-11-06").containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("runway/image-to-video-request.json"));
    }

    @Test
    void inlineFramesGoAsDataUrisAndTheDefaultsAreSentExplicitly() {
        BinaryRef untyped = BinaryRef.newBuilder().setUri(InlineBinaries.INLINE_URI).setContentType("")
                .setInlineData(java.nio.ByteBuffer.wrap(PNG)).build();

        var body = tree(adapter.toUpstream(video(List.of(untyped), null, options().build()), endpoint()).body());

        assertThat(body.get("promptImage").asText()).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
        assertThat(body.get("ratio").asText()).isEqualTo("1280:720");
        assertThat(body.get("duration").asInt()).isEqualTo(10);
        assertThat(body.has("promptText")).isFalse();
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("contentModeration")).isFalse();
    }

    @Test
    void textToImageIsATaskWithReferenceImages() {
        UpstreamRequest request = adapter.toUpstream(image(List.of(url("https://example.com/refs/fox.jpg")),
                options().setSize("1920:1080").setSeed(7L).build()), endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/text_to_image"));
        assertThat(request.headers()).containsEntry("X-Runway-Version", "2024-11-06");
        assertThat(tree(request.body())).isEqualTo(json("runway/text-to-image-request.json"));
        assertThat(tree(adapter.toUpstream(image(List.of(), options().build()), endpoint()).body()).get("ratio").asText())
                .isEqualTo("1024:1024");
    }

    @Test
    void aVideoWithoutAFirstFrameIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> adapter.toUpstream(video(List.of(), "a fox", options().build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("runway").hasMessageContaining("first frame").hasMessageContaining("input.media[0]");
    }

    @Test
    void whatRunwayCannotTakeIsRefusedBeforeTheCall() {
        BinaryRef text = InlineBinaries.inline("hello".getBytes(), "text/plain");
        BinaryRef huge = InlineBinaries.inline(new byte[4 * 1024 * 1024], "image/png");
        List<Runnable> refused = List.of(
                () -> adapter.toUpstream(video(List.of(url("http://example.com/fox.png")), "a", options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("file:/var/blobs/fox.png")), "a", options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(text), "a", options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(huge), "a", options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png"), url("https://a/2.png")), "a", options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "a", options().setDurationSeconds(11).build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "a", options().setSeed(-1L).build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "a", options().setSize("big").build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "x".repeat(1001), options().build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "a",
                        options().setExtra(Map.of("watermark", "true")).build()), endpoint()),
                () -> adapter.toUpstream(video(List.of(url("https://a/1.png")), "a",
                        options().setExtra(Map.of("public_figure_threshold", "\"none\"")).build()), endpoint()),
                () -> adapter.toUpstream(routed("runway", "gen4_image", Capability.IMAGE,
                        Input.newBuilder().setCapability(Capability.IMAGE).build(), options().build()), endpoint()));
        for (Runnable call : refused) {
            assertThatThrownBy(call::run).isInstanceOf(UnsupportedRequestException.class).hasMessageStartingWith("runway");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("runway", "gen4_turbo", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining(capability.name());
    }

    @Test
    void theCreateAnswerStartsAPendingTaskWhoseHandleKeepsWhatIsBilled() {
        TaskStep step = adapter.created(fox(), answer(200, "runway/created.json"), NOW);

        assertThat(step).isInstanceOf(TaskStep.Running.class);
        TaskStep.Running running = (TaskStep.Running) step;
        assertThat(running.handle()).isEqualTo(VIDEO_TASK);
        assertThat(running.state()).isEqualTo(TaskState.PENDING);
        assertThat(running.providerStatus()).isEqualTo("PENDING");
        assertThat(running.pollAfter()).contains(Duration.ofSeconds(5));
        TaskStep.Running imageTask = (TaskStep.Running) adapter.created(image(List.of(), options().build()),
                answer(200, "runway/created.json"), NOW);
        assertThat(imageTask.handle()).isEqualTo(IMAGE_TASK);
    }

    @Test
    void pollAndCancelAddressTheTaskWithTheSameHeaders() {
        UpstreamRequest poll = adapter.poll(fox(), VIDEO_TASK, endpoint());
        UpstreamRequest cancel = adapter.cancel(fox(), VIDEO_TASK, endpoint()).orElseThrow();

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/tasks/" + TASK_ID));
        assertThat(poll.body()).isEmpty();
        assertThat(cancel.method()).isEqualTo("DELETE");
        assertThat(cancel.uri()).isEqualTo(poll.uri());
        for (UpstreamRequest request : List.of(poll, cancel)) {
            assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("X-Runway-Version", "2024-11-06");
        }
        assertThat(adapter.poll(fox(), TaskHandle.of("a/b c"), endpoint()).uri().getRawPath()).endsWith("/v1/tasks/a%2Fb%20c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "runway/task-pending.json   | PENDING | PENDING",
            "runway/task-throttled.json | PENDING | THROTTLED",
            "runway/task-running.json   | RUNNING | RUNNING",
    })
    void waitingAndRunningWordsKeepPolling(String fixture, TaskState state, String word) {
        TaskStep step = polled(fox(), VIDEO_TASK, answer(200, fixture));

        assertThat(step).isEqualTo(new TaskStep.Running(VIDEO_TASK, state, word, Optional.of(Duration.ofSeconds(5))));
    }

    @Test
    void aSucceededVideoIsItsUrlForADayBilledByTheSecondsAskedFor() {
        TaskStep.Succeeded done = (TaskStep.Succeeded) polled(fox(), VIDEO_TASK, answer(200, "runway/task-succeeded-video.json"));

        assertThat(done.providerStatus()).isEqualTo("SUCCEEDED");
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getUri()).startsWith("https://dnznrvs05pmza.cloudfront.net/").contains("_jwt=");
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(video.getInlineData()).isNull();
        assertThat(done.result().output().getFinishReason()).isEqualTo("stop");
        assertThat(done.result().usage()).isEqualTo(Usage.newBuilder().setUnits(5).setUnitKind(UnitKind.SECONDS).build());
        assertThat(done.result().upstreamRequestId()).contains(TASK_ID);
    }

    @Test
    void aVideoHandleWithoutItsSecondsBillsTheSecondsTheRequestAsksFor() {
        TaskStep.Succeeded asked = (TaskStep.Succeeded) polled(fox(), TaskHandle.of(TASK_ID),
                answer(200, "runway/task-succeeded-video.json"));
        TaskStep.Succeeded defaulted = (TaskStep.Succeeded) polled(video(List.of(url("https://a/1.png")), "a", options().build()),
                TaskHandle.of(TASK_ID), answer(200, "runway/task-succeeded-video.json"));

        assertThat(asked.result().usage().getUnits()).isEqualTo(5);
        assertThat(defaulted.result().usage().getUnits()).isEqualTo(10);
    }

    @Test
    void aSucceededImageTaskBillsOneImagePerOutput() {
        TaskStep.Succeeded done = (TaskStep.Succeeded) polled(image(List.of(), options().build()), IMAGE_TASK,
                answer(200, "runway/task-succeeded-image.json"));

        assertThat(done.result().output().getBinaries()).extracting(BinaryRef::getContentType).containsExactly("image/png", "image/png");
        assertThat(done.result().usage()).isEqualTo(Usage.newBuilder().setUnits(2).setUnitKind(UnitKind.IMAGES).build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "runway/task-failed.json         | INTERNAL.BAD_OUTPUT.CODE01 | true  | An unexpected error occurred",
            "runway/task-failed-safety.json  | SAFETY.INPUT.TEXT          | false | flagged by content moderation",
            "runway/task-failed-no-code.json | task_failed                | false | without a reason",
    })
    void aFailedTaskEndsWithRunwaysReason(String fixture, String code, boolean retryable, String message) {
        TaskStep.Ended ended = (TaskStep.Ended) polled(fox(), VIDEO_TASK, answer(200, fixture));

        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.providerStatus()).isEqualTo("FAILED");
        assertThat(ended.error().getCode()).isEqualTo(code);
        assertThat(ended.error().getRetryable()).isEqualTo(retryable);
        assertThat(ended.error().getMessage()).contains(message);
    }

    @Test
    void aCancelledTaskEndsCancelled() {
        TaskStep.Ended ended = (TaskStep.Ended) polled(fox(), VIDEO_TASK, answer(200, "runway/task-cancelled.json"));

        assertThat(ended.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(ended.providerStatus()).isEqualTo("CANCELLED");
        assertThat(ended.error().getCode()).isEqualTo("cancelled");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "runway/task-truncated.json               | the body is not JSON",
            "runway/task-missing-status.json          | the answer has no status (a string)",
            "runway/task-status-number.json           | the answer has no status (a string)",
            "runway/task-unknown-status.json          | 'ARCHIVED' is none of",
            "runway/task-succeeded-no-output.json     | the answer has no output (an array)",
            "runway/task-succeeded-empty-output.json  | the answer's output is empty",
            "runway/task-succeeded-output-number.json | output[0] is not a string",
            "runway/task-succeeded-output-not-url.json | output[0] is not an http(s) URL",
            "runway/task-other-id.json                | is about task 0b1d1f5e",
    })
    void unreadableStatusAnswersAreInvalidResponsesAndThePollIsRepeated(String fixture, String message) {
        assertUnreadablePoll(polled(fox(), VIDEO_TASK, answer(200, fixture)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1, 2]", "{\"id\": \"\"}", "{\"id\": 1234}", "{}"})
    void unreadableCreateAnswersAreInvalidResponsesNotRetriedSinceATaskMayExist(String body) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.failure().retryable()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | runway/error-400-validation.json | FATAL        | FATAL_ERROR     | Validation of body failed: ratio: Invalid enum value",
            "400 | runway/error-400-version.json    | FATAL        | FATAL_ERROR     | X-Runway-Version",
            "401 | runway/error-401.json            | FATAL        | FATAL_ERROR     | Invalid API secret",
            "429 | runway/error-429.json            | RATE_LIMITED | RATE_LIMITED    | daily task limit",
            "502 | runway/error-502.html            | RETRYABLE    | RETRYABLE_ERROR | 502 Bad Gateway",
            "503 | runway/error-429.json            | RETRYABLE    | RETRYABLE_ERROR | daily task limit",
            "504 | runway/error-429.json            | RETRYABLE    | RETRYABLE_ERROR | daily task limit",
    })
    void refusedCreatesAreClassifiedFailures(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String message) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), answer(status, fixture, Map.of("Retry-After", "7")), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo("http_" + status);
        assertThat(failure.message()).contains(message);
        if (kind != FailureKind.FATAL) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(7));
        }
    }

    @Test
    void aPollOfAnUnknownTaskIsAFatalCallFailure() {
        AdapterResult.Failure failure = callFailure(polled(fox(), VIDEO_TASK, answer(404, "runway/error-404.json")));

        assertThat(failure.failure().retryable()).isFalse();
        assertThat(failure.message()).isEqualTo("Task not found");
    }

    @Test
    void theSynchronousPathReadsErrorsAndRefusesAnswers() {
        assertThat(adapter.fromUpstream(fox(), answer(401, "runway/error-401.json"), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class, f -> assertThat(f.outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR));
        assertThat(adapter.fromUpstream(fox(), answer(200, "runway/created.json"), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class, f -> {
                    assertThat(f.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
                    assertThat(f.failure().retryable()).as("a retry would create another task").isFalse();
                });
    }

    @Test
    void theKeyNeverReachesARequestsTextAHandleOrAMessage() {
        RunwayAdapter runway = adapter;
        List<UpstreamRequest> requests = List.of(runway.toUpstream(fox(), endpoint()), runway.poll(fox(), VIDEO_TASK, endpoint()),
                runway.cancel(fox(), VIDEO_TASK, endpoint()).orElseThrow());
        TaskStep created = runway.created(fox(), answer(200, "runway/created.json"), NOW);
        AdapterResult.Failure echoed = callFailure(runway.created(fox(), answerWithKey(401, "runway/error-401-echo.json", KEY), NOW));
        AdapterResult.Failure echoedOnPoll = callFailure(runway.polled(fox(), VIDEO_TASK,
                answerWithKey(401, "runway/error-401-echo.json", KEY), NOW));

        requests.forEach(request -> assertThat(request.toString()).doesNotContain(KEY).contains("Authorization"));
        assertThat(created.toString()).doesNotContain(KEY);
        assertThat(((TaskStep.Running) created).handle().values().values()).noneMatch(value -> value.contains(KEY));
        assertThat(echoed.message()).startsWith("The API secret").doesNotContain(KEY);
        assertThat(echoedOnPoll.message()).doesNotContain(KEY);
        assertThat(endpoint().toString()).doesNotContain(KEY);
    }
}
