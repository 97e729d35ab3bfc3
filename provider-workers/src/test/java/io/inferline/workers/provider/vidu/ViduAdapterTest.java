package io.inferline.workers.provider.vidu;

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

class ViduAdapterTest {

    // made up for the test, shaped like a Vidu API key
    private static final String KEY = "vda_8e2f4c1a9b7d3e5f60718293a4b5c6d7e8f9012a3b4c5d6e";
    private static final String TASK_ID = "2370487727425660";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final TaskHandle TASK = TaskHandle.of(TASK_ID).with("duration_seconds", "5");
    private final ViduAdapter adapter = new ViduAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest video(String model, List<BinaryRef> media, String prompt, GenerationOptions options) {
        return routed("vidu", model, Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt(prompt).setMedia(media).build(), options);
    }

    private static RoutedRequest fox() {
        return video("viduq1", List.of(), "a red fox in the snow", options().setDurationSeconds(5).setSeed(42L).setSize("1920x1080")
                .setExtra(Map.of("resolution", "\"1080p\"", "movement_amplitude", "small", "style", "\"anime\"", "bgm", "true")).build());
    }

    private static RoutedRequest foxFrame() {
        BinaryRef frame = BinaryRef.newBuilder().setUri("https://example.com/frames/fox.png").setContentType("image/png").build();
        return video("vidu2.0", List.of(frame), "the fox runs off",
                options().setDurationSeconds(8).setExtra(Map.of("resolution", "\"720p\"")).build());
    }

    private TaskStep polled(UpstreamResponse response) {
        return adapter.polled(fox(), TASK, response, NOW);
    }

    @Test
    void namesItselfAndTheRealApiAndIsInstalledAsATaskAdapter() {
        assertThat(adapter.provider()).isEqualTo("vidu");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.vidu.com"));
        assertThat(ProviderAdapters.installed().forProvider("vidu")).get().isInstanceOf(TaskAdapter.class);
        assertThat(adapter.runsAsTask(fox())).isTrue();
        assertThat(adapter.runsAsTask(AdapterFixtures.prompt("vidu", "viduq1", "hi"))).isFalse();
    }

    @Test
    void textToVideoPostsThePromptAndEveryOption() {
        UpstreamRequest request = adapter.toUpstream(fox(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/ent/v2/text2video"));
        assertThat(request.headers()).containsEntry("Authorization", "Token " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("vidu/text2video-request.json"));
    }

    @Test
    void aStartFrameMakesItImageToVideo() {
        UpstreamRequest request = adapter.toUpstream(foxFrame(), endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/ent/v2/img2video"));
        assertThat(tree(request.body())).isEqualTo(json("vidu/img2video-request.json"));
    }

    @Test
    void inlineFramesGoAsDataUrisAndUnaskedOptionsAreLeftToVidu() {
        BinaryRef inline = InlineBinaries.inline(PNG, "image/png");

        var body = tree(adapter.toUpstream(video("viduq1", List.of(inline), null, options().build()), endpoint()).body());

        assertThat(body.get("images").get(0).asText()).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
        assertThat(body.has("prompt")).isFalse();
        assertThat(body.has("duration")).isFalse();
        assertThat(body.has("resolution")).isFalse();
    }

    @Test
    void vidu20WithoutAStartFrameIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> adapter.toUpstream(video("vidu2.0", List.of(), "a fox", options().build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("vidu2.0").hasMessageContaining("start frame").hasMessageContaining("input.media[0]");
    }

    @Test
    void whatViduCannotTakeIsRefusedBeforeTheCall() {
        BinaryRef gif = InlineBinaries.inline("GIF89a".getBytes(), "image/gif");
        BinaryRef file = BinaryRef.newBuilder().setUri("file:/var/blobs/fox.png").setContentType("image/png").build();
        BinaryRef frame = BinaryRef.newBuilder().setUri("https://example.com/fox.png").setContentType("image/png").build();
        List<Runnable> refused = List.of(
                () -> adapter.toUpstream(video("viduq1", List.of(), null, options().build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(gif), null, options().build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(file), null, options().build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(frame, frame), null, options().build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(frame), null, options().setSize("16:9").build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(frame), null,
                        options().setExtra(Map.of("style", "anime")).build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(), "a fox", options().setSize("1000x1000x3").build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(), "a fox", options().setSize("21:9").build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(), "a fox", options().setExtra(Map.of("bgm", "\"yes\"")).build()), endpoint()),
                () -> adapter.toUpstream(video("viduq1", List.of(), "a fox", options().setExtra(Map.of("callback_url", "\"x\"")).build()),
                        endpoint()));
        for (Runnable call : refused) {
            assertThatThrownBy(call::run).isInstanceOf(UnsupportedRequestException.class).hasMessageStartingWith("vidu");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "IMAGE", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("vidu", "viduq1", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining(capability.name());
    }

    @Test
    void theCreateAnswerStartsAPendingTaskThatRemembersTheConfirmedSeconds() {
        TaskStep step = adapter.created(fox(), answer(200, "vidu/created.json"), NOW);
        TaskStep defaulted = adapter.created(video("vidu2.0", List.of(), "a fox", options().build()),
                answer(200, "vidu/created-no-duration.json"), NOW);

        assertThat(step).isEqualTo(new TaskStep.Running(TASK, TaskState.PENDING, "created", Optional.empty()));
        assertThat(((TaskStep.Running) defaulted).handle().value("duration_seconds")).contains("4");
    }

    @Test
    void pollAndCancelAddressTheTask() {
        UpstreamRequest poll = adapter.poll(fox(), TASK, endpoint());
        UpstreamRequest cancel = adapter.cancel(fox(), TASK, endpoint()).orElseThrow();

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/ent/v2/tasks/" + TASK_ID + "/creations"));
        assertThat(poll.headers()).containsEntry("Authorization", "Token " + KEY);
        assertThat(cancel.method()).isEqualTo("POST");
        assertThat(cancel.uri()).isEqualTo(URI.create("http://localhost:18080/sim/ent/v2/tasks/" + TASK_ID + "/cancel"));
        assertThat(tree(cancel.body())).isEqualTo(tree(("{\"id\":\"" + TASK_ID + "\"}").getBytes()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vidu/creations-created.json    | PENDING | created",
            "vidu/creations-queueing.json   | PENDING | queueing",
            "vidu/creations-processing.json | RUNNING | processing",
    })
    void waitingAndProcessingStatesKeepPolling(String fixture, TaskState state, String word) {
        assertThat(polled(answer(200, fixture))).isEqualTo(new TaskStep.Running(TASK, state, word, Optional.empty()));
    }

    @Test
    void aSuccessIsTheVideoThenItsCoverForADayBilledByTheConfirmedSeconds() {
        TaskStep.Succeeded done = (TaskStep.Succeeded) polled(answer(200, "vidu/creations-success.json"));

        assertThat(done.providerStatus()).isEqualTo("success");
        List<BinaryRef> binaries = done.result().output().getBinaries();
        assertThat(binaries).extracting(BinaryRef::getContentType).containsExactly("video/mp4", "image/jpeg");
        assertThat(binaries.get(0).getUri()).contains("/creation-01/video.mp4");
        assertThat(binaries).allSatisfy(binary -> assertThat(binary.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24))));
        assertThat(done.result().usage()).isEqualTo(Usage.newBuilder().setUnits(5).setUnitKind(UnitKind.SECONDS).build());
        assertThat(done.result().upstreamRequestId()).contains(TASK_ID);
    }

    @Test
    void aSuccessWithoutCoverOrExtensionIsOneMp4AndAMissingHandleValueBillsWhatWasAsked() {
        TaskStep.Succeeded done = (TaskStep.Succeeded) adapter.polled(foxFrame(), TaskHandle.of(TASK_ID),
                answer(200, "vidu/creations-success-no-cover.json"), NOW);

        assertThat(done.result().output().getBinaries()).extracting(BinaryRef::getContentType).containsExactly("video/mp4");
        assertThat(done.result().usage().getUnits()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vidu/creations-failed.json          | CreationPolicyViolation | false | policy violation",
            "vidu/creations-failed-internal.json | InternalServiceFailure  | true  | internal service failure",
            "vidu/creations-failed-no-code.json  | task_failed             | false | Vidu reported the task failed",
    })
    void aFailedTaskEndsWithViduTheErrCode(String fixture, String code, boolean retryable, String message) {
        TaskStep.Ended ended = (TaskStep.Ended) polled(answer(200, fixture));

        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.providerStatus()).isEqualTo("failed");
        assertThat(ended.error().getCode()).isEqualTo(code);
        assertThat(ended.error().getRetryable()).isEqualTo(retryable);
        assertThat(ended.error().getMessage()).contains(message);
    }

    @Test
    void aUserCancelledTaskEndsCancelled() {
        TaskStep.Ended ended = (TaskStep.Ended) polled(answer(200, "vidu/creations-cancelled.json"));

        assertThat(ended.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(ended.error().getCode()).isEqualTo("UserCancelled");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vidu/creations-truncated.json           | the body is not JSON",
            "vidu/creations-missing-state.json       | the answer has no state (a string)",
            "vidu/creations-unknown-state.json       | 'scheduled' is none of",
            "vidu/creations-success-no-creations.json | the answer has no creations (an array)",
            "vidu/creations-success-empty.json       | the answer's creations is empty",
            "vidu/creations-success-url-number.json  | the answer has no creations[0].url (a string)",
            "vidu/creations-other-id.json            | is about task 9999",
    })
    void unreadableStatusAnswersAreInvalidResponses(String fixture, String message) {
        assertUnreadablePoll(polled(answer(200, fixture)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<html>", "[]", "{\"state\": \"created\"}", "{\"task_id\": \"\"}", "{\"task_id\": true}"})
    void unreadableCreateAnswersAreInvalidResponsesNotRetriedSinceATaskMayExist(String body) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().retryable()).isFalse();
    }

    @Test
    void aCreateAnswerWithAnUnreadableDurationIsInvalid() {
        assertThat(callFailure(adapter.created(fox(), answer(200, "vidu/created-bad-duration.json"), NOW)).message())
                .contains("duration");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | vidu/error-400-credits.json    | FATAL        | FATAL_ERROR     | CreditInsufficient     | insufficient credits",
            "400 | vidu/error-400-field.json      | FATAL        | FATAL_ERROR     | FieldInvalid           | invalid field: duration",
            "400 | vidu/error-400-in-process.json | RETRYABLE    | RETRYABLE_ERROR | OperationInProcess     | please retry later",
            "401 | vidu/error-401.json            | FATAL        | FATAL_ERROR     | Unauthorized           | unauthorized",
            "404 | vidu/error-404.json            | FATAL        | FATAL_ERROR     | TaskNotFound           | task not found",
            "429 | vidu/error-429.json            | RATE_LIMITED | RATE_LIMITED    | QuotaExceeded          | quota exceeded",
            "500 | vidu/error-500.json            | RETRYABLE    | RETRYABLE_ERROR | InternalServiceFailure | internal service failure",
    })
    void errorsKeepViduReasonAndTraceId(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                        String message) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), answer(status, fixture), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).get().asString().hasSize(32);
    }

    @Test
    void aRefusedPollIsACallFailureAndTheSynchronousPathRefusesAnswers() {
        AdapterResult.Failure notFound = callFailure(polled(answer(404, "vidu/error-404.json")));

        assertThat(notFound.failure().retryable()).isFalse();
        assertThat(adapter.fromUpstream(fox(), answer(200, "vidu/created.json"), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class, f -> {
                    assertThat(f.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
                    assertThat(f.failure().retryable()).as("a retry would create another task").isFalse();
                });
        assertThat(adapter.fromUpstream(fox(), answer(429, "vidu/error-429.json", Map.of("Retry-After", "3")), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class,
                        f -> assertThat(f.failure().retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    void theKeyNeverReachesARequestsTextAHandleOrAMessage() {
        List<UpstreamRequest> requests = List.of(adapter.toUpstream(fox(), endpoint()), adapter.poll(fox(), TASK, endpoint()),
                adapter.cancel(fox(), TASK, endpoint()).orElseThrow());
        TaskStep created = adapter.created(fox(), answer(200, "vidu/created.json"), NOW);
        AdapterResult.Failure echoed = callFailure(adapter.created(fox(), answerWithKey(401, "vidu/error-401-echo.json", KEY), NOW));

        requests.forEach(request -> assertThat(request.toString()).doesNotContain(KEY).contains("Authorization"));
        requests.forEach(request -> assertThat(new String(request.body())).doesNotContain(KEY));
        assertThat(created.toString()).doesNotContain(KEY);
        assertThat(echoed.message()).startsWith("token").doesNotContain(KEY);
    }
}
