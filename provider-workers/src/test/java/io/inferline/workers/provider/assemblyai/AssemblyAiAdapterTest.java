package io.inferline.workers.provider.assemblyai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
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
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
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

class AssemblyAiAdapterTest {

    // made up for the test, shaped like a 32-character AssemblyAI key
    private static final String KEY = "4f9c2d7e1b8a6f3c5d0e9b2a7c4f1e8d";
    private static final String ID = "55517220-f677-48a6-9287-39c0aafd9ac1";
    private static final TaskHandle HANDLE = TaskHandle.of(ID);
    private static final String AUDIO = "https://assembly.ai/wildfires.mp3";
    private final AssemblyAiAdapter adapter = new AssemblyAiAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest transcribe(String model, GenerationOptions options, BinaryRef... media) {
        return routed("assemblyai", model, Capability.TRANSCRIPTION,
                Input.newBuilder().setCapability(Capability.TRANSCRIPTION).setMedia(List.of(media)).build(), options);
    }

    private static RoutedRequest wildfires() {
        return transcribe("universal", options().build(), InlineBinaries.url(AUDIO, "audio/mpeg", null));
    }

    private TaskStep polled(String fixture) {
        return adapter.polled(wildfires(), HANDLE, answer(200, "assemblyai/" + fixture), NOW);
    }

    @Test
    void namesItselfAndRunsEveryTranscriptionAsATask() {
        assertThat(adapter.provider()).isEqualTo("assemblyai");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.assemblyai.com"));
        assertThat(adapter.runsAsTask(wildfires())).isTrue();
    }

    @Test
    void theCreateCallPostsTheAudioUrlAndTheModelAsSpeechModelsWithTheBareKey() {
        RoutedRequest request = transcribe("slam-1", options().setExtra(Map.of("language_code", "\"en_us\"")).build(),
                InlineBinaries.url(AUDIO, "audio/mpeg", null));

        UpstreamRequest create = adapter.toUpstream(request, endpoint());

        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v2/transcript"));
        assertThat(create.headers()).containsEntry("Authorization", KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(create.body())).isEqualTo(json("assemblyai/transcript-request.json"));
    }

    @Test
    void aPollIsAGetOfTheTranscriptAndThereIsNoCancel() {
        UpstreamRequest poll = adapter.poll(wildfires(), HANDLE, endpoint());

        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v2/transcript/" + ID));
        assertThat(poll.headers()).containsEntry("Authorization", KEY).doesNotContainKey("Content-Type");
        assertThat(poll.body()).isEmpty();
        assertThat(adapter.cancel(wildfires(), HANDLE, endpoint())).isEmpty();
    }

    @Test
    void audioAssemblyAiCannotFetchIsRefusedBeforeTheCall() {
        byte[] wav = "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII);
        RoutedRequest inline = transcribe("universal", options().build(), InlineBinaries.inline(wav, "audio/wav"));
        RoutedRequest signed = transcribe("universal", options().build(),
                InlineBinaries.url("s3://bucket/call.wav?X-Amz-Signature=s3cr3tS1gnature0123456789", "audio/wav", null));
        RoutedRequest none = transcribe("universal", options().build());
        RoutedRequest two = transcribe("universal", options().build(), InlineBinaries.url(AUDIO, "audio/mpeg", null),
                InlineBinaries.url(AUDIO, "audio/mpeg", null));

        assertThatThrownBy(() -> adapter.toUpstream(inline, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("/v2/upload").hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> adapter.toUpstream(signed, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("'s3' URI").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> adapter.toUpstream(none, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.media[0]");
        assertThatThrownBy(() -> adapter.toUpstream(two, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("one audio file");
        assertThatThrownBy(() -> adapter.toUpstream(transcribe("universal", options().setExtra(Map.of("speaker_labels", "true")).build(),
                InlineBinaries.url(AUDIO, "audio/mpeg", null)), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("speaker_labels");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "IMAGE", "VIDEO", "SPEECH"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("assemblyai", "universal", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("assemblyai").hasMessageContaining(capability.name());
    }

    @Test
    void theCreateAnswerIsAPendingTaskNamedByTheTranscriptId() {
        TaskStep step = adapter.created(wildfires(), answer(200, "assemblyai/create-queued.json"), NOW);

        assertThat(step).isEqualTo(new TaskStep.Running(HANDLE, TaskState.PENDING, "queued", Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({
            "poll-queued.json,     PENDING, queued",
            "poll-processing.json, RUNNING, processing",
    })
    void queuedIsPendingAndProcessingIsRunning(String fixture, TaskState state, String word) {
        assertThat(polled(fixture)).isEqualTo(new TaskStep.Running(HANDLE, state, word, Optional.empty()));
    }

    @Test
    void completedIsTheTranscriptBilledByItsAudioSeconds() {
        TaskStep step = polled("poll-completed.json");

        assertThat(step).isInstanceOf(TaskStep.Succeeded.class);
        TaskStep.Succeeded succeeded = (TaskStep.Succeeded) step;
        assertThat(succeeded.providerStatus()).isEqualTo("completed");
        AdapterResult.Success result = succeeded.result();
        assertThat(result.output().getText()).startsWith("Smoke from hundreds of wildfires");
        assertThat(result.output().getFinishReason()).isEqualTo("stop");
        assertThat(result.output().getBinaries()).isEmpty();
        assertThat(result.usage()).isEqualTo(Usage.newBuilder().setUnits(281).setUnitKind(UnitKind.SECONDS).build());
        assertThat(result.upstreamRequestId()).contains(ID);
    }

    @Test
    void silenceIsAnEmptyTranscriptAndFractionsOfASecondAreRoundedUp() {
        AdapterResult.Success silence = ((TaskStep.Succeeded) polled("poll-completed-silence.json")).result();
        AdapterResult.Success fraction = ((TaskStep.Succeeded) polled("poll-completed-fraction.json")).result();

        assertThat(silence.output().getText()).isEmpty();
        assertThat(silence.usage().getUnits()).isEqualTo(3);
        assertThat(fraction.usage().getUnits()).isEqualTo(13);
    }

    @Test
    void errorIsAFailedTaskWithAssemblyAisReason() {
        TaskStep step = polled("poll-error.json");
        TaskStep bare = polled("poll-error-no-message.json");

        assertThat(step).isInstanceOf(TaskStep.Ended.class);
        TaskStep.Ended ended = (TaskStep.Ended) step;
        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.providerStatus()).isEqualTo("error");
        assertThat(ended.error().getCode()).isEqualTo("transcription_failed");
        assertThat(ended.error().getMessage()).startsWith("Download error, unable to download");
        assertThat(ended.error().getRetryable()).isFalse();
        assertThat(ended.error().getUpstreamStatus()).isEqualTo(200);
        assertThat(((TaskStep.Ended) bare).error().getMessage()).contains("no message");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "poll-truncated.json                   | the body is not JSON",
            "poll-missing-status.json              | the answer has no status (a string)",
            "poll-unknown-status.json              | status 'throttled' is not one of queued, processing, completed, error",
            "poll-completed-missing-duration.json  | no audio_duration",
            "poll-completed-duration-string.json   | no audio_duration",
            "poll-completed-missing-text.json      | the answer has no text",
            "poll-completed-text-number.json       | text is not a string",
            "poll-other-id.json                    | is about transcript 6e2b0c41",
    })
    void unreadableStatusAnswersAreRetriedPollsNeverExceptions(String fixture, String message) {
        AdapterResult.Failure failure = callFailure(polled(fixture));

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains(ID);
    }

    @Test
    void unreadableCreateAnswersAreInvalidResponses() {
        for (UpstreamResponse response : List.of(answer(200, "assemblyai/create-missing-id.json"), raw(200, "[]"), raw(200, ""),
                raw(200, "{\"id\":\"\",\"status\":\"queued\"}"), raw(200, "{\"id\":7,\"status\":\"queued\"}"))) {
            AdapterResult.Failure failure = callFailure(adapter.created(wildfires(), response, NOW));

            assertThat(failure.outcome()).as(response.bodyText()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
            assertThat(failure.upstreamRequestId()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | error-400.json        | FATAL        | FATAL_ERROR     | Invalid audio_url",
            "400 | error-400-lookup.json | FATAL        | FATAL_ERROR     | Transcript lookup error",
            "401 | error-401.json        | FATAL        | FATAL_ERROR     | Authentication error",
            "404 | error-404.json        | FATAL        | FATAL_ERROR     | Not found",
            "429 | error-429.json        | RATE_LIMITED | RATE_LIMITED    | Too Many Requests",
            "500 | error-500.json        | RETRYABLE    | RETRYABLE_ERROR | Internal Server Error",
            "504 | gateway-504.html      | RETRYABLE    | RETRYABLE_ERROR | 504 Gateway Time-out",
    })
    void errorAnswersAreClassifiedByStatusWithTheirMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome,
                                                            String message) {
        UpstreamResponse response = answer(status, "assemblyai/" + fixture);

        for (TaskStep step : List.of(adapter.created(wildfires(), response, NOW), adapter.polled(wildfires(), HANDLE, response, NOW))) {
            AdapterResult.Failure failure = callFailure(step);
            assertThat(failure.failure().kind()).isEqualTo(kind);
            assertThat(failure.outcome()).isEqualTo(outcome);
            assertThat(failure.errorCode()).isEqualTo("http_" + status);
            assertThat(failure.message()).contains(message);
        }
    }

    @Test
    void aRateLimitWaitsForRetryAfterAndAnEmpty503IsRetried() {
        AdapterResult.Failure limited = callFailure(adapter.created(wildfires(),
                answer(429, "assemblyai/error-429.json", Map.of("Retry-After", "30")), NOW));
        AdapterResult.Failure down = callFailure(adapter.polled(wildfires(), HANDLE, raw(503, ""), NOW));

        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(down.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(down.errorCode()).isEqualTo("http_503");
        assertThat(down.message()).contains("empty body");
        assertThat(down.upstreamRequestId()).contains(ID);
    }

    @Test
    void theKeyNeverReachesARequestsTextAFailureOrAHandle() {
        UpstreamRequest create = adapter.toUpstream(wildfires(), endpoint());
        UpstreamRequest poll = adapter.poll(wildfires(), HANDLE, endpoint());
        AdapterResult.Failure echoed = callFailure(adapter.created(wildfires(), answerWithKey(401, "assemblyai/error-401-echo.json", KEY), NOW));
        TaskStep.Running running = (TaskStep.Running) adapter.created(wildfires(), answer(200, "assemblyai/create-queued.json"), NOW);

        assertThat(create.toString()).doesNotContain(KEY).contains("Authorization");
        assertThat(poll.toString()).doesNotContain(KEY);
        assertThat(new String(create.body(), StandardCharsets.UTF_8)).doesNotContain(KEY);
        assertThat(echoed.message()).startsWith("Authentication error").doesNotContain(KEY);
        assertThat(running.handle().toString()).doesNotContain(KEY);
        assertThat(running.handle().values()).isEmpty();
    }

    @Test
    void readOutsideTheTaskFlowOnlyACompletedTranscriptIsAResult() {
        AdapterResult completed = adapter.fromUpstream(wildfires(), answer(200, "assemblyai/poll-completed.json"), NOW);
        AdapterResult queued = adapter.fromUpstream(wildfires(), answer(200, "assemblyai/create-queued.json"), NOW);
        AdapterResult failed = adapter.fromUpstream(wildfires(), answer(200, "assemblyai/poll-error.json"), NOW);
        AdapterResult refused = adapter.fromUpstream(wildfires(), answer(401, "assemblyai/error-401.json"), NOW);

        assertThat(completed).isInstanceOf(AdapterResult.Success.class);
        assertThat(((AdapterResult.Failure) queued).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) queued).message()).contains("still queued");
        assertThat(((AdapterResult.Failure) failed).outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(((AdapterResult.Failure) failed).errorCode()).isEqualTo("transcription_failed");
        assertThat(((AdapterResult.Failure) refused).failure().kind()).isEqualTo(FailureKind.FATAL);
    }
}
