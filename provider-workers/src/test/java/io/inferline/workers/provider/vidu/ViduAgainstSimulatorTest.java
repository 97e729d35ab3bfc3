package io.inferline.workers.provider.vidu;

import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AttemptOutcome;
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
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.workers.provider.SimulatorTasks;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's create, poll and cancel calls sent over real HTTP to the simulator, and its answers read back. */
class ViduAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final ViduAdapter adapter = new ViduAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, ViduAgainstSimulatorTest::endpoint);

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
        sim.taskTiming("vidu", TaskTiming.lasting(300, 600));
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "vidu");
    }

    private static RoutedRequest textVideo() {
        return routed("vidu", "viduq1", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("a red fox in the snow").build(),
                options().setSize("1280x720").build());
    }

    private static RoutedRequest frameVideo() {
        BinaryRef frame = InlineBinaries.inline(SimulatedMedia.PNG, "image/png");
        return routed("vidu", "vidu2.0", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("the fox runs").setMedia(List.of(frame)).build(),
                options().setDurationSeconds(8).build());
    }

    @Test
    void aTextToVideoTaskIsCreatedOncePolledToItsEndAndItsVideoAndCoverDownload() throws Exception {
        TaskStep step = tasks.create(textVideo());
        assertThat(step).isInstanceOf(TaskStep.Running.class);

        TaskStep.Succeeded done = (TaskStep.Succeeded) tasks.end(textVideo(), step);

        assertThat(done.providerStatus()).isEqualTo("success");
        // viduq1's default duration, as the create answer confirmed it
        assertThat(done.result().usage().getUnits()).isEqualTo(5);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        List<BinaryRef> binaries = done.result().output().getBinaries();
        assertThat(binaries).extracting(BinaryRef::getContentType).containsExactly("video/mp4", "image/png");
        HttpResponse<byte[]> video = SimulatorHttp.download(binaries.get(0));
        HttpResponse<byte[]> cover = SimulatorHttp.download(binaries.get(1));
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(cover.body()).isEqualTo(SimulatedMedia.PNG);
        assertThat(sim.tasks("vidu").created()).isEqualTo(1);
    }

    @Test
    void anImageToVideoTaskBillsTheEightSecondsItWasAskedFor() throws Exception {
        TaskStep.Succeeded done = (TaskStep.Succeeded) tasks.end(frameVideo());

        assertThat(done.result().usage().getUnits()).isEqualTo(8);
        assertThat(sim.tasks("vidu").created()).isEqualTo(1);
    }

    @Test
    void aFailingTaskEndsFailedWithViduCode() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(100, 100).withFailureRate(1.0));

        TaskStep.Ended ended = (TaskStep.Ended) tasks.end(textVideo());

        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.error().getCode()).isEqualTo("InternalServiceFailure");
        assertThat(ended.error().getRetryable()).isTrue();
    }

    @Test
    void aQueuedTaskIsCancelledAndEndsCancelled() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(60_000, 60_000));
        TaskStep.Running running = (TaskStep.Running) tasks.create(textVideo());

        UpstreamResponse cancelled = tasks.cancel(textVideo(), running.handle());
        TaskStep after = tasks.poll(textVideo(), running.handle());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(((TaskStep.Ended) after).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(sim.tasks("vidu").cancelled()).isEqualTo(1);
    }

    @Test
    void aRateLimitedCreateCreatesNothingAndAWrongKeyIsFatal() throws Exception {
        sim.faults("vidu", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        TaskStep limited = tasks.create(textVideo());
        sim.clearFaults();
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "vidu", "vda_not-the-key");
        TaskStep refused = tasks.create(textVideo(), wrong);

        assertThat(((TaskStep.CallFailed) limited).failure().failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(((TaskStep.CallFailed) limited).failure().errorCode()).isEqualTo("TooManyRequests");
        assertThat(((TaskStep.CallFailed) refused).failure().outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(((TaskStep.CallFailed) refused).failure().errorCode()).isEqualTo("Unauthorized");
        assertThat(sim.tasks("vidu").created()).isZero();
    }
}
