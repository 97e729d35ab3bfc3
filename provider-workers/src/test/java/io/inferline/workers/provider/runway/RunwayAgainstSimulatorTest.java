package io.inferline.workers.provider.runway;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's create, poll and cancel calls sent over real HTTP to the simulator, and its answers read back. */
class RunwayAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final RunwayAdapter adapter = new RunwayAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, RunwayAgainstSimulatorTest::endpoint);

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
        sim.taskTiming("runway", TaskTiming.lasting(300, 600));
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "runway");
    }

    private static RoutedRequest foxVideo() {
        BinaryRef frame = InlineBinaries.inline(SimulatedMedia.PNG, "image/png");
        return routed("runway", "gen4_turbo", Capability.VIDEO,
                Input.newBuilder().setCapability(Capability.VIDEO).setPrompt("the fox runs").setMedia(List.of(frame)).build(),
                options().setSize("1280x720").setDurationSeconds(5).build());
    }

    private static RoutedRequest foxImage() {
        return routed("runway", "gen4_image", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(),
                options().setSize("1920x1080").build());
    }

    @Test
    void aVideoTaskIsCreatedOncePolledToItsEndAndItsVideoDownloads() throws Exception {
        TaskStep step = tasks.create(foxVideo());
        assertThat(step).isInstanceOf(TaskStep.Running.class);

        TaskStep done = tasks.end(foxVideo(), step);

        assertThat(done).isInstanceOf(TaskStep.Succeeded.class);
        TaskStep.Succeeded succeeded = (TaskStep.Succeeded) done;
        assertThat(succeeded.providerStatus()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.result().usage().getUnits()).isEqualTo(5);
        assertThat(succeeded.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        BinaryRef video = succeeded.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        assertThat(video.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        HttpResponse<byte[]> file = SimulatorHttp.download(video);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(sim.tasks("runway").created()).isEqualTo(1);
        assertThat(sim.tasks("runway").polls()).isPositive();
    }

    @Test
    void anImageTaskEndsWithOnePngBilledAsOneImage() throws Exception {
        TaskStep done = tasks.end(foxImage());

        TaskStep.Succeeded succeeded = (TaskStep.Succeeded) done;
        assertThat(succeeded.result().usage().getUnits()).isEqualTo(1);
        assertThat(succeeded.result().usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(succeeded.result().output().getBinaries().get(0).getContentType()).isEqualTo("image/png");
        assertThat(sim.tasks("runway").created()).isEqualTo(1);
    }

    @Test
    void aFailingTaskEndsFailedWithRunwaysCode() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(100, 100).withFailureRate(1.0));

        TaskStep done = tasks.end(foxVideo());

        assertThat(done).isInstanceOf(TaskStep.Ended.class);
        assertThat(((TaskStep.Ended) done).state()).isEqualTo(TaskState.FAILED);
        assertThat(((TaskStep.Ended) done).error().getCode()).startsWith("INTERNAL.");
        assertThat(((TaskStep.Ended) done).error().getRetryable()).isTrue();
    }

    @Test
    void aCancelledTaskEndsCancelled() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(60_000, 60_000));
        TaskStep.Running running = (TaskStep.Running) tasks.create(foxVideo());

        UpstreamResponse cancelled = tasks.cancel(foxVideo(), running.handle());
        TaskStep after = tasks.poll(foxVideo(), running.handle());

        assertThat(cancelled.status()).isEqualTo(204);
        assertThat(after).isInstanceOf(TaskStep.Ended.class);
        assertThat(((TaskStep.Ended) after).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(sim.tasks("runway").cancelled()).isEqualTo(1);
    }

    @Test
    void aRateLimitedCreateIsARetryableFailureAndCreatesNothing() throws Exception {
        sim.faults("runway", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));

        TaskStep step = tasks.create(foxVideo());

        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        assertThat(((TaskStep.CallFailed) step).failure().failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(((TaskStep.CallFailed) step).failure().failure().retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(sim.tasks("runway").created()).isZero();
    }

    @Test
    void aGarbledCreateAnswerIsNotRetriedSinceItsTaskExists() throws Exception {
        sim.faults("runway", Faults.none().withMalformedRate(1.0));

        TaskStep step = tasks.create(foxVideo());

        assertThat(((TaskStep.CallFailed) step).failure().outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((TaskStep.CallFailed) step).failure().failure().retryable()).isFalse();
        assertThat(sim.tasks("runway").created()).isEqualTo(1);
    }

    @Test
    void aWrongKeyIsAFatalFailure() throws Exception {
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "runway", "key_not-the-secret");

        TaskStep step = tasks.create(foxVideo(), wrong);

        assertThat(((TaskStep.CallFailed) step).failure().outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(((TaskStep.CallFailed) step).failure().message()).isEqualTo("Invalid API secret");
    }
}
