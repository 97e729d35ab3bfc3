package io.inferline.workers.provider.pixverse;

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
import io.inferline.avro.InferenceRequest;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PixverseAdapterTest {

    // made up for the test, shaped like a PixVerse API key
    private static final String KEY = "sk-6f1e9a2b7c3d4e5f60718293a4b5c6d7e8f90123abcd";
    private static final String VIDEO_ID = "360000000000001";
    private static final TaskHandle TASK = TaskHandle.of(VIDEO_ID).with("duration_seconds", "8");
    private final PixverseAdapter adapter = new PixverseAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest video(String prompt, GenerationOptions options) {
        return routed("pixverse", "v5", Capability.VIDEO, Input.newBuilder().setCapability(Capability.VIDEO).setPrompt(prompt).build(),
                options);
    }

    private static RoutedRequest fox() {
        return video("a red fox in the snow", options().setSize("720x1280").setDurationSeconds(8).setSeed(42L)
                .setExtra(Map.of("quality", "\"720p\"", "motion_mode", "normal", "negative_prompt", "\"blurry\"", "style", "anime",
                        "water_mark", "false")).build());
    }

    private TaskStep polled(UpstreamResponse response) {
        return adapter.polled(fox(), TASK, response, NOW);
    }

    @Test
    void namesItselfAndTheRealApiAndIsInstalledAsATaskAdapterWithoutCancel() {
        assertThat(adapter.provider()).isEqualTo("pixverse");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://app-api.pixverse.ai"));
        assertThat(ProviderAdapters.installed().forProvider("pixverse")).get().isInstanceOf(TaskAdapter.class);
        assertThat(adapter.runsAsTask(fox())).isTrue();
        assertThat(adapter.runsAsTask(AdapterFixtures.prompt("pixverse", "v5", "hi"))).isFalse();
        assertThat(adapter.cancel(fox(), TASK, endpoint())).isEmpty();
    }

    @Test
    void theCreatePostsEveryRequiredFieldAndTheOptions() {
        UpstreamRequest request = adapter.toUpstream(fox(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/openapi/v2/video/text/generate"));
        assertThat(request.headers()).containsEntry("API-KEY", KEY).containsEntry("Content-Type", "application/json")
                .containsKey("Ai-trace-id");
        assertThat(tree(request.body())).isEqualTo(json("pixverse/generate-request.json"));
    }

    @Test
    void requiredFieldsGetDefaults() {
        var body = tree(adapter.toUpstream(video("a fox", options().build()), endpoint()).body());

        assertThat(body.get("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(body.get("duration").asInt()).isEqualTo(5);
        assertThat(body.get("quality").asText()).isEqualTo("540p");
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("motion_mode")).isFalse();
    }

    @Test
    void aRetriedCreateCarriesTheSameTraceIdAndAnotherRequestOrModelAnother() {
        String first = adapter.toUpstream(fox(), endpoint()).headers().get("Ai-trace-id");
        RoutedRequest retried = RoutedRequest.newBuilder(fox()).setAttempt(2).build();
        RoutedRequest other = RoutedRequest.newBuilder(fox())
                .setRequest(InferenceRequest.newBuilder(fox().getRequest()).setRequestId("req-2").build()).build();
        RoutedRequest otherModel = RoutedRequest.newBuilder(fox()).setModel("v4.5").build();

        assertThat(UUID.fromString(first)).isNotNull();
        assertThat(adapter.toUpstream(retried, endpoint()).headers().get("Ai-trace-id")).isEqualTo(first);
        assertThat(adapter.toUpstream(other, endpoint()).headers().get("Ai-trace-id")).isNotEqualTo(first);
        assertThat(adapter.toUpstream(otherModel, endpoint()).headers().get("Ai-trace-id")).isNotEqualTo(first);
    }

    @Test
    void eachPollCarriesAFreshTraceId() {
        UpstreamRequest poll = adapter.poll(fox(), TASK, endpoint());
        UpstreamRequest again = adapter.poll(fox(), TASK, endpoint());

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/openapi/v2/video/result/" + VIDEO_ID));
        assertThat(poll.headers()).containsEntry("API-KEY", KEY);
        assertThat(UUID.fromString(poll.headers().get("Ai-trace-id"))).isNotNull();
        assertThat(again.headers().get("Ai-trace-id")).isNotEqualTo(poll.headers().get("Ai-trace-id"));
    }

    @Test
    void whatTheAdapterCannotSendIsRefusedBeforeTheCall() {
        BinaryRef frame = InlineBinaries.inline(new byte[] {1}, "image/png");
        List<Runnable> refused = List.of(
                () -> adapter.toUpstream(video(null, options().build()), endpoint()),
                () -> adapter.toUpstream(routed("pixverse", "v5", Capability.VIDEO, Input.newBuilder().setCapability(Capability.VIDEO)
                        .setPrompt("a").setMedia(List.of(frame)).build(), options().build()), endpoint()),
                () -> adapter.toUpstream(video("a", options().setSize("2:1").build()), endpoint()),
                () -> adapter.toUpstream(video("a", options().setSeed(-3L).build()), endpoint()),
                () -> adapter.toUpstream(video("a", options().setExtra(Map.of("water_mark", "\"no\"")).build()), endpoint()),
                () -> adapter.toUpstream(video("a", options().setExtra(Map.of("template_id", "1")).build()), endpoint()));
        for (Runnable call : refused) {
            assertThatThrownBy(call::run).isInstanceOf(UnsupportedRequestException.class).hasMessageStartingWith("pixverse");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "IMAGE", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("pixverse", "v5", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining(capability.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pixverse/created.json", "pixverse/created-string-id.json"})
    void theCreateAnswerStartsAPendingTaskThatRemembersTheSecondsSent(String fixture) {
        TaskStep step = adapter.created(fox(), answer(200, fixture), NOW);

        assertThat(step).isEqualTo(new TaskStep.Running(TASK, TaskState.PENDING, "created", Optional.empty()));
    }

    @Test
    void statusFiveKeepsPolling() {
        assertThat(polled(answer(200, "pixverse/result-generating.json")))
                .isEqualTo(new TaskStep.Running(TASK, TaskState.RUNNING, "5", Optional.empty()));
    }

    @Test
    void statusOneIsTheVideoBilledByTheSecondsSentWithoutADocumentedExpiry() {
        TaskStep.Succeeded done = (TaskStep.Succeeded) polled(answer(200, "pixverse/result-succeeded.json"));

        assertThat(done.providerStatus()).isEqualTo("1");
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getUri()).startsWith("https://media.pixverse.ai/");
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isNull();
        assertThat(done.result().usage()).isEqualTo(Usage.newBuilder().setUnits(8).setUnitKind(UnitKind.SECONDS).build());
        assertThat(done.result().upstreamRequestId()).contains(VIDEO_ID);
        TaskStep.Succeeded asked = (TaskStep.Succeeded) adapter.polled(video("a", options().build()), TaskHandle.of(VIDEO_ID),
                answer(200, "pixverse/result-succeeded.json"), NOW);
        assertThat(asked.result().usage().getUnits()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pixverse/result-moderated.json | 7 | content_moderation | false",
            "pixverse/result-failed.json    | 8 | generation_failed  | true",
            "pixverse/result-deleted.json   | 6 | video_deleted      | false",
    })
    void failedStatusesEndFailed(String fixture, String word, String code, boolean retryable) {
        TaskStep.Ended ended = (TaskStep.Ended) polled(answer(200, fixture));

        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.providerStatus()).isEqualTo(word);
        assertThat(ended.error().getCode()).isEqualTo(code);
        assertThat(ended.error().getRetryable()).isEqualTo(retryable);
        assertThat(ended.error().getMessage()).contains("status " + word);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pixverse/result-truncated.json          | the body is not JSON",
            "pixverse/result-no-errcode.json         | the answer has no ErrCode (a number)",
            "pixverse/result-errcode-string.json     | the answer has no ErrCode (a number)",
            "pixverse/result-no-resp.json            | the answer has no Resp (an object)",
            "pixverse/result-status-string.json      | the answer has no Resp.status (a number)",
            "pixverse/result-unknown-status.json     | Resp.status 3 is none of",
            "pixverse/result-succeeded-no-url.json   | the answer has no Resp.url",
            "pixverse/result-succeeded-not-http.json | not an http(s) URL",
            "pixverse/result-other-id.json           | is about video 360000000000099",
    })
    void unreadableResultsAreInvalidResponses(String fixture, String message) {
        assertUnreadablePoll(polled(answer(200, fixture)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<html></html>", "[]", "{\"ErrCode\": 0, \"Resp\": {}}", "{\"ErrCode\": 0}"})
    void unreadableCreateAnswersAreInvalidResponsesRetriedUnderTheSameTraceId(String body) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), raw(200, body), NOW));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().retryable()).isTrue();
        assertThat(failure.upstreamRequestId()).contains(adapter.toUpstream(fox(), endpoint()).headers().get("Ai-trace-id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pixverse/error-200-empty-parameter.json | FATAL        | FATAL_ERROR  | 400011 | Empty parameter",
            "pixverse/error-200-invalid-account.json | FATAL        | FATAL_ERROR  | 400012 | Invalid account",
            "pixverse/error-200-invalid-param.json   | FATAL        | FATAL_ERROR  | 400017 | invalid param",
            "pixverse/error-200-credits.json         | FATAL        | FATAL_ERROR  | 500043 | Credits have been used up",
            "pixverse/error-200-concurrency.json     | RATE_LIMITED | RATE_LIMITED | 500044 | concurrent generations",
    })
    void errorsOnHttp200AreFailedCallsByTheirErrCode(String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                                     String message) {
        AdapterResult.Failure created = callFailure(adapter.created(fox(), answer(200, fixture), NOW));
        AdapterResult.Failure polled = callFailure(polled(answer(200, fixture)));

        for (AdapterResult.Failure failure : List.of(created, polled)) {
            assertThat(failure.failure().kind()).isEqualTo(kind);
            assertThat(failure.failure().status()).contains(200);
            assertThat(failure.outcome()).isEqualTo(outcome);
            assertThat(failure.errorCode()).isEqualTo(code);
            assertThat(failure.message()).contains(message);
        }
        assertThat(created.upstreamRequestId()).contains(adapter.toUpstream(fox(), endpoint()).headers().get("Ai-trace-id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "429 | pixverse/error-429.json | RATE_LIMITED | 429      | Too many requests",
            "502 | pixverse/error-502.html | RETRYABLE    | http_502 | 502 Bad Gateway",
            "401 | pixverse/error-429.json | FATAL        | 429      | Too many requests",
    })
    void httpErrorsAreClassifiedByStatus(int status, String fixture, FailureKind kind, String code, String message) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), answer(status, fixture, Map.of("Retry-After", "4")), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void theSynchronousPathReadsErrorsAndRefusesAnswers() {
        assertThat(adapter.fromUpstream(fox(), answer(200, "pixverse/error-200-invalid-param.json"), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class, f -> assertThat(f.errorCode()).isEqualTo("400017"));
        assertThat(adapter.fromUpstream(fox(), answer(200, "pixverse/created.json"), NOW))
                .isInstanceOfSatisfying(AdapterResult.Failure.class, f -> {
                    assertThat(f.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
                    assertThat(f.failure().retryable()).as("a retry would create another task").isFalse();
                });
    }

    @Test
    void theKeyNeverReachesARequestsTextAHandleOrAMessage() {
        List<UpstreamRequest> requests = List.of(adapter.toUpstream(fox(), endpoint()), adapter.poll(fox(), TASK, endpoint()));
        TaskStep created = adapter.created(fox(), answer(200, "pixverse/created.json"), NOW);
        AdapterResult.Failure echoed = callFailure(adapter.created(fox(), answerWithKey(200, "pixverse/error-200-echo.json", KEY), NOW));

        requests.forEach(request -> assertThat(request.toString()).doesNotContain(KEY).contains("API-KEY"));
        requests.forEach(request -> assertThat(new String(request.body())).doesNotContain(KEY));
        requests.forEach(request -> assertThat(request.headers().get("Ai-trace-id")).doesNotContain(KEY));
        assertThat(created.toString()).doesNotContain(KEY);
        assertThat(echoed.message()).startsWith("Invalid account").doesNotContain(KEY);
    }
}
