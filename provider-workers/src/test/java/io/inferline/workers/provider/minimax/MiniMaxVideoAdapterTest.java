package io.inferline.workers.provider.minimax;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.task.TaskStepAssertions.callFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
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

/** Video as a task: create, status polls, then the file poll that turns the file id into a download URL. */
class MiniMaxVideoAdapterTest {

    private static final String TASK = "106916112212032";
    private static final String FILE = "176844028768320";
    private static final TaskHandle CREATED = TaskHandle.of(TASK);
    private static final TaskHandle READY = CREATED.with("file_id", FILE);
    private final MiniMaxAdapter adapter = new MiniMaxAdapter();

    private static RoutedRequest video(String prompt, GenerationOptions options, BinaryRef... media) {
        Input.Builder input = Input.newBuilder().setCapability(Capability.VIDEO).setMedia(List.of(media));
        if (prompt != null) {
            input.setPrompt(prompt);
        }
        return routed("minimax", "MiniMax-Hailuo-02", Capability.VIDEO, input.build(), options);
    }

    private static RoutedRequest fox() {
        return video("A red fox trots through fresh snow at dawn [Truck left]", options().setDurationSeconds(10).setSize("768p").build(),
                InlineBinaries.url("https://cdn.example.com/fox.jpg", "image/jpeg", null));
    }

    private static RoutedRequest plain() {
        return video("A red fox", options().build());
    }

    private TaskStep polled(TaskHandle handle, String fixture) {
        return adapter.polled(fox(), handle, answer(200, "minimax/" + fixture), NOW);
    }

    @Test
    void theCreateCallPostsPromptDurationResolutionAndFirstFrame() {
        UpstreamRequest create = adapter.toUpstream(fox(), MiniMaxAdapterTest.endpoint());

        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/video_generation"));
        assertThat(create.headers()).containsEntry("Authorization", "Bearer " + MiniMaxAdapterTest.KEY);
        assertThat(tree(create.body())).isEqualTo(json("minimax/video-request.json"));
    }

    @Test
    void theDefaultDurationIsSentAndInlineFramesGoAsDataUrls() {
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        JsonNode defaults = tree(adapter.toUpstream(plain(), MiniMaxAdapterTest.endpoint()).body());
        JsonNode framed = tree(adapter.toUpstream(video(null, options().setExtra(Map.of("resolution", "\"1080P\"")).build(),
                InlineBinaries.inline(png, "image/png")), MiniMaxAdapterTest.endpoint()).body());

        assertThat(defaults.get("duration").asInt()).isEqualTo(6);
        assertThat(defaults.has("resolution")).isFalse();
        assertThat(defaults.has("first_frame_image")).isFalse();
        assertThat(framed.has("prompt")).isFalse();
        assertThat(framed.get("resolution").asText()).isEqualTo("1080P");
        assertThat(framed.get("first_frame_image").asText()).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(video(null, options().build()), MiniMaxAdapterTest.endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt or a first frame");
        assertThatThrownBy(() -> adapter.toUpstream(video("fox", options().setSize("1280x720").build()), MiniMaxAdapterTest.endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("768P");
        assertThatThrownBy(() -> adapter.toUpstream(video("fox", options().setDurationSeconds(0).build()), MiniMaxAdapterTest.endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("duration_seconds");
        assertThatThrownBy(() -> adapter.toUpstream(video("fox", options().build(), InlineBinaries.inline(new byte[] {1, 2}, "audio/wav")),
                MiniMaxAdapterTest.endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("must be an image");
        assertThatThrownBy(() -> adapter.toUpstream(video("fox", options().setExtra(Map.of("camera", "\"pan\"")).build()),
                MiniMaxAdapterTest.endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("camera");
    }

    @Test
    void theCreateAnswerIsAPendingTaskWithItsIdWhetherStringOrNumber() {
        TaskStep text = adapter.created(fox(), answer(200, "minimax/video-created.json"), NOW);
        TaskStep number = adapter.created(fox(), answer(200, "minimax/video-created-numeric.json"), NOW);

        assertThat(text).isEqualTo(new TaskStep.Running(CREATED, TaskState.PENDING, "Created", Optional.empty()));
        assertThat(number).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "video-created-1008.json | FATAL | 1008",
            "video-created-1026.json | FATAL | 1026",
            "error-1002.json         | RATE_LIMITED | 1002",
    })
    void aRefusedCreateCreatedNothingAndFollowsTheCodesClass(String fixture, FailureKind kind, String code) {
        AdapterResult.Failure failure = callFailure(adapter.created(fox(), answer(200, "minimax/" + fixture), NOW));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
    }

    @Test
    void statusPollsQueryTheTaskAndFilePollsRetrieveTheFile() {
        UpstreamRequest status = adapter.poll(fox(), CREATED, MiniMaxAdapterTest.endpoint());
        UpstreamRequest file = adapter.poll(fox(), READY, MiniMaxAdapterTest.endpoint());
        UpstreamRequest grouped = adapter.poll(fox(), READY, AdapterFixtures.endpoint(MiniMaxAdapterTest.KEY, Map.of("account_id", "42")));

        assertThat(status.method()).isEqualTo("GET");
        assertThat(status.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/query/video_generation?task_id=" + TASK));
        assertThat(status.body()).isEmpty();
        assertThat(status.headers()).containsEntry("Authorization", "Bearer " + MiniMaxAdapterTest.KEY);
        assertThat(file.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/files/retrieve?file_id=" + FILE));
        assertThat(grouped.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/files/retrieve?file_id=" + FILE + "&GroupId=42"));
        assertThat(adapter.cancel(fox(), CREATED, MiniMaxAdapterTest.endpoint())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "video-query-preparing.json,  PENDING, Preparing",
            "video-query-queueing.json,   PENDING, Queueing",
            "video-query-processing.json, RUNNING, Processing",
    })
    void preparingAndQueueingArePendingAndProcessingIsRunning(String fixture, TaskState state, String word) {
        assertThat(polled(CREATED, fixture)).isEqualTo(new TaskStep.Running(CREATED, state, word, Optional.empty()));
    }

    @Test
    void successKeepsTheFileIdInTheHandleAndAsksForTheNextPollAtOnce() {
        TaskStep text = polled(CREATED, "video-query-success.json");
        TaskStep number = polled(CREATED, "video-query-success-numeric.json");

        assertThat(text).isEqualTo(new TaskStep.Running(READY, TaskState.RUNNING, "Success", Optional.of(Duration.ZERO)));
        assertThat(number).isEqualTo(text);
        assertThat(READY.taskId()).isEqualTo(TASK);
        assertThat(READY.values()).containsOnlyKeys("file_id");
    }

    @Test
    void theFileIsTheResultAnExpiringMp4UrlBilledByTheDurationAskedFor() {
        TaskStep step = polled(READY, "video-file.json");

        assertThat(step).isInstanceOf(TaskStep.Succeeded.class);
        TaskStep.Succeeded succeeded = (TaskStep.Succeeded) step;
        assertThat(succeeded.providerStatus()).isEqualTo("Success");
        BinaryRef video = succeeded.result().output().getBinaries().get(0);
        assertThat(video.getUri()).startsWith("https://video-product.cdn.minimax.io/").endsWith("/output.mp4");
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getSizeBytes()).isEqualTo(5896337L);
        assertThat(video.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(9)));
        assertThat(video.getInlineData()).isNull();
        assertThat(succeeded.result().usage()).isEqualTo(Usage.newBuilder().setUnits(10).setUnitKind(UnitKind.SECONDS).build());
        assertThat(succeeded.result().upstreamRequestId()).contains(TASK);
    }

    @Test
    void withoutADurationAskedForTheDefaultSixSecondsAreBilledAndAZeroSizeIsUnknown() {
        TaskStep.Succeeded succeeded = (TaskStep.Succeeded) adapter.polled(plain(), READY, answer(200, "minimax/video-file-no-size.json"), NOW);

        assertThat(succeeded.result().usage().getUnits()).isEqualTo(6);
        assertThat(succeeded.result().output().getBinaries().get(0).getSizeBytes()).isNull();
    }

    @Test
    void failIsAFailedTaskWithTheBaseRespReason() {
        TaskStep.Ended reasoned = (TaskStep.Ended) polled(CREATED, "video-query-fail.json");
        TaskStep.Ended bare = (TaskStep.Ended) polled(CREATED, "video-query-fail-bare.json");

        assertThat(reasoned.state()).isEqualTo(TaskState.FAILED);
        assertThat(reasoned.providerStatus()).isEqualTo("Fail");
        assertThat(reasoned.error().getCode()).isEqualTo("1027");
        assertThat(reasoned.error().getMessage()).isEqualTo("output new_sensitive");
        assertThat(reasoned.error().getRetryable()).isFalse();
        assertThat(bare.error().getCode()).isEqualTo("video_generation_failed");
        assertThat(bare.error().getMessage()).contains("status Fail");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATED | video-query-unknown.json               | status 'Unknown' is not one of",
            "CREATED | video-query-missing-status.json        | status '' is not one of",
            "CREATED | video-query-success-missing-file.json  | the answer has no file_id",
            "READY   | video-file-missing-url.json            | the answer has no file.download_url",
            "READY   | video-file-not-http.json               | not an http(s) URL",
            "READY   | video-file-missing-file.json           | the answer has no file (an object)",
            "READY   | chat-truncated.json                    | the body is not JSON",
    })
    void unreadablePollAnswersAreRetriedPollsNeverExceptions(String handle, String fixture, String message) {
        AdapterResult.Failure failure = callFailure(polled(handle.equals("READY") ? READY : CREATED, fixture));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains(TASK);
    }

    @Test
    void unreadableCreateAnswersAreInvalidResponses() {
        for (UpstreamResponse response : List.of(answer(200, "minimax/video-created-missing-id.json"), raw(200, "{\"task_id\":\"\"}"),
                raw(200, "[1]"), raw(200, "{\"task_id\":{},\"base_resp\":{\"status_code\":0}}"))) {
            assertThat(callFailure(adapter.created(fox(), response, NOW)).outcome()).as(response.bodyText())
                    .isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        }
    }

    @Test
    void refusedPollsAreCallFailuresByTheirCodeAndHttpErrorsByTheirStatus() {
        AdapterResult.Failure unknown = callFailure(polled(CREATED, "video-query-not-found.json"));
        AdapterResult.Failure limited = callFailure(polled(CREATED, "video-query-1002.json"));
        AdapterResult.Failure gone = callFailure(polled(READY, "video-file-not-found.json"));
        AdapterResult.Failure server = callFailure(adapter.polled(fox(), READY, answer(500, "minimax/http-500.json"), NOW));

        assertThat(unknown.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(unknown.errorCode()).isEqualTo("2013");
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(gone.errorCode()).isEqualTo("2013");
        assertThat(server.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(server.upstreamRequestId()).contains(TASK);
    }

    @Test
    void theKeyIsNeitherInAHandleNorInAPollsText() {
        TaskStep.Running ready = (TaskStep.Running) polled(CREATED, "video-query-success.json");
        UpstreamRequest poll = adapter.poll(fox(), ready.handle(), MiniMaxAdapterTest.endpoint());

        assertThat(ready.handle().toString()).doesNotContain(MiniMaxAdapterTest.KEY);
        assertThat(ready.handle().values().values()).containsExactly(FILE);
        assertThat(poll.toString()).doesNotContain(MiniMaxAdapterTest.KEY);
        assertThat(poll.uri().toString()).doesNotContain(MiniMaxAdapterTest.KEY);
    }

    @Test
    void aVideoAnswerReadAsOneCallIsAnInvalidResponseNotAnException() {
        AdapterResult result = adapter.fromUpstream(fox(), answer(200, "minimax/video-created.json"), NOW);

        assertThat(((AdapterResult.Failure) result).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) result).message()).contains("runs as a task");
    }
}
