package io.inferline.workers.provider.minimax;

import static io.inferline.workers.provider.AdapterFixtures.WEATHER_TOOLS;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatedMedia;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.workers.provider.SimulatorTasks;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each family's calls, sent over real HTTP to the simulator, and its answers read back. */
class MiniMaxAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final MiniMaxAdapter adapter = new MiniMaxAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, MiniMaxAgainstSimulatorTest::endpoint);

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void fresh() {
        sim.clearFaults();
        sim.resetStats();
        sim.taskTiming("minimax", TaskTiming.lasting(1000, 1000)); // running for 800 ms: a loaded machine still sees it
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "minimax");
    }

    private AdapterResult call(RoutedRequest request, ProviderEndpoint endpoint) throws Exception {
        return SimulatorHttp.call(adapter, request, endpoint, Instant.now());
    }

    private static RoutedRequest fox(int seconds) {
        return routed("minimax", "MiniMax-Hailuo-02", Capability.VIDEO, Input.newBuilder().setCapability(Capability.VIDEO)
                .setPrompt("A red fox trots through fresh snow").build(), options().setDurationSeconds(seconds).build());
    }

    @Test
    void chatAnswersWithTextAndTokens() throws Exception {
        AdapterResult result = call(chat("minimax", "MiniMax-M2", options().setMaxOutputTokens(100).setTemperature(0.5).build(),
                user("Hello there")), endpoint());

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getText()).isEqualTo("simulated MiniMax-M2 reply: Hello there");
        assertThat(success.usage().getInputTokens()).isPositive();
        assertThat(success.usage().getOutputTokens()).isPositive();
        assertThat(success.upstreamRequestId()).isPresent();
    }

    @Test
    void chatToolCallsComeBackInTheOpenAiShape() throws Exception {
        AdapterResult.Success success = (AdapterResult.Success) call(chat("minimax", "MiniMax-M2",
                options().setToolsJson(WEATHER_TOOLS).build(), user("What is the weather in Paris?")), endpoint());

        assertThat(success.output().getToolCalls()).singleElement()
                .satisfies(call -> assertThat(call.getName()).isEqualTo("get_weather"));
        assertThat(success.output().getFinishReason()).isEqualTo("tool_calls");
    }

    @Test
    void refusalsOnHttp200AreClassifiedFailures() throws Exception {
        AdapterResult.Failure wrongKey = (AdapterResult.Failure) call(chat("minimax", "MiniMax-M2", options().build(), user("Hi")),
                SimulatorHttp.wrongKey(sim, "minimax", "not-the-key"));
        AdapterResult.Failure badTemperature = (AdapterResult.Failure) call(chat("minimax", "MiniMax-M2",
                options().setTemperature(0.0).build(), user("Hi")), endpoint());
        sim.faults("minimax", Faults.none().withErrorRate(429, 1.0));
        AdapterResult.Failure limited = (AdapterResult.Failure) call(chat("minimax", "MiniMax-M2", options().build(), user("Hi")), endpoint());

        assertThat(wrongKey.errorCode()).isEqualTo("2049");
        assertThat(wrongKey.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(badTemperature.errorCode()).isEqualTo("2013");
        assertThat(limited.errorCode()).isEqualTo("1002");
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
    }

    @Test
    void speechComesInlineInTheFormatAskedForBilledPerCharacter() throws Exception {
        RoutedRequest wav = routed("minimax", "speech-02-hd", Capability.SPEECH, Input.newBuilder().setCapability(Capability.SPEECH)
                .setPrompt("Hello world").build(), options().setExtra(Map.of("format", "\"wav\"", "sample_rate", "16000")).build());

        AdapterResult.Success success = (AdapterResult.Success) call(wav, endpoint());

        BinaryRef audio = success.output().getBinaries().get(0);
        assertThat(audio.getContentType()).isEqualTo("audio/wav");
        assertThat(new String(audio.getInlineData().array(), 0, 4)).isEqualTo("RIFF");
        assertThat(audio.getSizeBytes()).isEqualTo(audio.getInlineData().remaining());
        assertThat(success.usage().getUnits()).isEqualTo(11);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
    }

    @Test
    void aVideoIsCreatedOncePolledThroughItsFileAndDownloadable() throws Exception {
        // polled with the status polls' short pause, and the file poll at once, as the success step suggests
        List<TaskStep> steps = tasks.steps(fox(10));

        TaskStep end = SimulatorTasks.last(steps);

        assertThat(end).isInstanceOf(TaskStep.Succeeded.class);
        AdapterResult.Success result = ((TaskStep.Succeeded) end).result();
        assertThat(result.usage().getUnits()).isEqualTo(10);
        assertThat(result.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        BinaryRef video = result.output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(8)));
        String taskId = ((TaskStep.Running) steps.get(0)).handle().taskId();
        assertThat(result.upstreamRequestId()).contains(taskId);
        // the status polls, then the one that carried the file id, then the file poll
        TaskStep.Running success = (TaskStep.Running) steps.get(steps.size() - 2);
        assertThat(success.providerStatus()).isEqualTo("Success");
        assertThat(success.handle().value("file_id")).isPresent();
        assertThat(steps).anySatisfy(step -> assertThat(step).isInstanceOfSatisfying(TaskStep.Running.class,
                running -> assertThat(running.providerStatus()).isEqualTo("Processing")));

        HttpResponse<byte[]> file = SimulatorHttp.download(video);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(SimulatedMedia.video(taskId));
        assertThat(video.getSizeBytes()).isEqualTo(file.body().length);
        assertThat(sim.tasks("minimax").created()).isEqualTo(1);
    }

    @Test
    void aFailedVideoEndsFailedWithTheReason() throws Exception {
        sim.taskTiming("minimax", TaskTiming.lasting(50, 50).withFailureRate(1.0));

        TaskStep end = tasks.end(fox(6));

        assertThat(end).isInstanceOf(TaskStep.Ended.class);
        TaskStep.Ended ended = (TaskStep.Ended) end;
        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.error().getCode()).isEqualTo("1027");
        assertThat(ended.error().getMessage()).contains("content check");
        assertThat(sim.tasks("minimax").created()).isEqualTo(1);
    }

    @Test
    void aRefusedCreateCreatesNothing() throws Exception {
        RoutedRequest tooLong = routed("minimax", "MiniMax-Hailuo-02", Capability.VIDEO, Input.newBuilder()
                .setCapability(Capability.VIDEO).setPrompt("fox").build(), options().setDurationSeconds(10).setSize("1080P").build());

        TaskStep step = tasks.create(tooLong);

        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        assertThat(((TaskStep.CallFailed) step).failure().errorCode()).isEqualTo("2013");
        assertThat(sim.tasks("minimax").created()).isZero();
    }

    @Test
    void anInlineFirstFrameTravelsAsADataUrl() throws Exception {
        RoutedRequest framed = routed("minimax", "MiniMax-Hailuo-02", Capability.VIDEO, Input.newBuilder()
                .setCapability(Capability.VIDEO).setMedia(List.of(InlineBinaries.inline(SimulatedMedia.PNG, "image/png"))).build(),
                options().build());

        TaskStep end = tasks.end(framed);

        assertThat(end).isInstanceOf(TaskStep.Succeeded.class);
        assertThat(((TaskStep.Succeeded) end).result().usage().getUnits()).isEqualTo(6);
    }
}
