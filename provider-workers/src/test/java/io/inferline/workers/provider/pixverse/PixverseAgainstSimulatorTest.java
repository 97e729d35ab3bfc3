package io.inferline.workers.provider.pixverse;

import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.workers.provider.SimulatorTasks;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's create and poll calls sent over real HTTP to the simulator, and its answers read back. */
class PixverseAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final PixverseAdapter adapter = new PixverseAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, PixverseAgainstSimulatorTest::endpoint);

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
        sim.taskTiming("pixverse", TaskTiming.lasting(300, 600));
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "pixverse");
    }

    // every test uses its own request ids: the simulator remembers trace ids, which derive from them
    private static RoutedRequest fox(String requestId, String prompt) {
        RoutedRequest request = routed("pixverse", "v5", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt(prompt).build(),
                options().setSize("1280x720").setDurationSeconds(8).build());
        return RoutedRequest.newBuilder(request)
                .setRequest(InferenceRequest.newBuilder(request.getRequest()).setRequestId(requestId).build())
                .build();
    }

    @Test
    void aVideoIsCreatedOncePolledToItsEndAndDownloads() throws Exception {
        RoutedRequest request = fox("req-video", "a red fox in the snow");
        TaskStep step = tasks.create(request);
        assertThat(step).isInstanceOf(TaskStep.Running.class);

        TaskStep.Succeeded done = (TaskStep.Succeeded) tasks.end(request, step);

        assertThat(done.providerStatus()).isEqualTo("1");
        assertThat(done.result().usage().getUnits()).isEqualTo(8);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        HttpResponse<byte[]> file = SimulatorHttp.download(video);
        assertThat(new String(file.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(sim.tasks("pixverse").created()).isEqualTo(1);
    }

    @Test
    void aRetriedCreateGetsTheSameVideoAndCreatesNothingMore() throws Exception {
        RoutedRequest request = fox("req-retried", "a red fox in the snow");
        TaskStep.Running first = (TaskStep.Running) tasks.create(request);
        TaskStep.Running retried = (TaskStep.Running) tasks.create(RoutedRequest.newBuilder(request).setAttempt(2).build());

        assertThat(retried.handle().taskId()).isEqualTo(first.handle().taskId());
        assertThat(sim.tasks("pixverse").created()).isEqualTo(1);
    }

    @Test
    void moderatedAndFailedVideosEndFailed() throws Exception {
        RoutedRequest unsafe = fox("req-unsafe", "an unsafe fox");
        TaskStep.Ended moderated = (TaskStep.Ended) tasks.end(unsafe);
        sim.taskTiming("pixverse", TaskTiming.lasting(100, 100).withFailureRate(1.0));
        RoutedRequest failing = fox("req-failing", "a fox");
        TaskStep.Ended failed = (TaskStep.Ended) tasks.end(failing);

        assertThat(moderated.state()).isEqualTo(TaskState.FAILED);
        assertThat(moderated.providerStatus()).isEqualTo("7");
        assertThat(moderated.error().getCode()).isEqualTo("content_moderation");
        assertThat(failed.providerStatus()).isEqualTo("8");
        assertThat(failed.error().getCode()).isEqualTo("generation_failed");
    }

    @Test
    void aWrongKeyIsAFatalErrCodeOnHttp200AndARateLimitIsRetryable() throws Exception {
        RoutedRequest request = fox("req-refused", "a fox");
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "pixverse", "sk-not-the-key");
        TaskStep.CallFailed refused = (TaskStep.CallFailed) tasks.create(request, wrong);
        sim.faults("pixverse", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        TaskStep.CallFailed limited = (TaskStep.CallFailed) tasks.create(request);

        assertThat(refused.failure().outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(refused.failure().errorCode()).isEqualTo("400012");
        assertThat(refused.failure().failure().status()).contains(200);
        assertThat(limited.failure().failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(limited.failure().failure().retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(sim.tasks("pixverse").created()).isZero();
    }
}
