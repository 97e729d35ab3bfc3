package io.inferline.workers.provider.bytedance;

import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.workers.provider.SimulatorTasks;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's calls sent over real HTTP to the simulator: chat and images as one call, video as a task polled to its end. */
class ArkAgainstSimulatorTest {

    private static final String VIDEO_MODEL = "doubao-seedance-1-0-pro-250528";
    private static ProviderSimulator sim;
    private final ArkAdapter adapter = new ArkAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, ArkAgainstSimulatorTest::endpoint);

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void shortTasks() {
        sim.resetStats();
        sim.taskTiming("bytedance", TaskTiming.lasting(300, 300));
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "bytedance");
    }

    private static RoutedRequest media(String model, Capability capability, GenerationOptions options) {
        return routed("bytedance", model, capability, Input.newBuilder().setCapability(capability).setPrompt("a red fox in the snow").build(),
                options);
    }

    @Test
    void chatIsOneCallAndLeavesTheReasoningOut() throws Exception {
        RoutedRequest request = AdapterFixtures.prompt("bytedance", "doubao-seed-1-6-250615", "What is the capital of France?");

        AdapterResult.Success success = (AdapterResult.Success) SimulatorHttp.call(adapter, request, endpoint(), Instant.now());

        assertThat(success.output().getText()).startsWith("simulated doubao-seed-1-6-250615 reply: What is the capital");
        assertThat(success.output().getText()).doesNotContain("reasoning");
        assertThat(success.usage().getOutputTokens()).isGreaterThan(10);
        assertThat(success.upstreamRequestId().orElseThrow()).startsWith("0217");
    }

    @Test
    void imagesAreOneCallAndTheirUrlsDownload() throws Exception {
        RoutedRequest request = media("doubao-seedream-4-0-250828", Capability.IMAGE, options().setSize("2K").build());

        AdapterResult.Success success = (AdapterResult.Success) SimulatorHttp.call(adapter, request, endpoint(), Instant.now());

        assertThat(success.usage().getUnits()).isEqualTo(1);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        HttpResponse<byte[]> file = SimulatorHttp.download(image);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("image/jpeg");
    }

    @Test
    void aVideoTaskIsPolledToItsVideoAndBillsItsSeconds() throws Exception {
        List<TaskStep> steps = tasks.steps(media(VIDEO_MODEL, Capability.VIDEO, options().setSize("480p").setDurationSeconds(4).build()));

        assertThat(steps.stream().filter(TaskStep.Running.class::isInstance).map(step -> ((TaskStep.Running) step).state()).distinct())
                .containsExactly(TaskState.PENDING, TaskState.RUNNING);
        TaskStep.Succeeded done = (TaskStep.Succeeded) SimulatorTasks.last(steps);
        assertThat(done.result().usage().getUnits()).isEqualTo(4);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        assertThat(done.result().usage().getOutputTokens()).isEqualTo(864L * 480 * 24 * 4 / 1024);
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(new String(SimulatorHttp.download(video).body(), 4, 4)).isEqualTo("ftyp");
        assertThat(sim.tasks("bytedance").created()).isEqualTo(1);
        assertThat(sim.tasks("bytedance").polls()).isEqualTo(steps.size() - 1);
    }

    @Test
    void aFailedTaskEndsWithTheProvidersReason() throws Exception {
        sim.taskTiming("bytedance", TaskTiming.lasting(100, 100).withFailureRate(1.0));

        List<TaskStep> steps = tasks.steps(media(VIDEO_MODEL, Capability.VIDEO, options().build()));

        TaskStep.Ended ended = (TaskStep.Ended) SimulatorTasks.last(steps);
        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.error().getCode()).isEqualTo("OutputVideoSensitiveContentDetected");
        assertThat(sim.tasks("bytedance").created()).isEqualTo(1);
    }

    @Test
    void aQueuedTaskIsCancelled() throws Exception {
        sim.taskTiming("bytedance", TaskTiming.lasting(10_000, 10_000));
        RoutedRequest request = media(VIDEO_MODEL, Capability.VIDEO, options().build());
        TaskStep.Running created = (TaskStep.Running) tasks.create(request);

        UpstreamResponse cancel = tasks.cancel(request, created.handle());
        TaskStep after = tasks.poll(request, created.handle());

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(((TaskStep.Ended) after).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(sim.tasks("bytedance").cancelled()).isEqualTo(1);
    }

    @Test
    void aRefusedCreateCreatesNothing() throws Exception {
        RoutedRequest request = media(VIDEO_MODEL, Capability.VIDEO, options().setDurationSeconds(30).build());

        TaskStep step = tasks.create(request);

        AdapterResult.Failure failure = ((TaskStep.CallFailed) step).failure();
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("InvalidParameter");
        assertThat(sim.tasks("bytedance").created()).isZero();
    }
}
