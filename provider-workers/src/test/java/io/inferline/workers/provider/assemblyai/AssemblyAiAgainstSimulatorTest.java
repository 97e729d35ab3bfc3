package io.inferline.workers.provider.assemblyai;

import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Capability;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.workers.provider.SimulatorTasks;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's create and status calls, sent over real HTTP to the simulator, until the transcript ends. */
class AssemblyAiAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final AssemblyAiAdapter adapter = new AssemblyAiAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, AssemblyAiAgainstSimulatorTest::endpoint);

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
        sim.taskTiming("assemblyai", TaskTiming.lasting(1000, 1000)); // running for 800 ms: a loaded machine still sees it
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "assemblyai");
    }

    private static RoutedRequest transcribe(String model) {
        return routed("assemblyai", model, Capability.TRANSCRIPTION, Input.newBuilder().setCapability(Capability.TRANSCRIPTION)
                .setMedia(List.of(InlineBinaries.url("https://example.com/calls/support-42.mp3", "audio/mpeg", null))).build(),
                options().build());
    }

    @Test
    void aTranscriptIsCreatedOncePolledAndReadWithItsSeconds() throws Exception {
        List<TaskStep> steps = tasks.steps(transcribe("universal"));

        TaskStep end = SimulatorTasks.last(steps);

        assertThat(end).isInstanceOf(TaskStep.Succeeded.class);
        AdapterResult.Success result = ((TaskStep.Succeeded) end).result();
        assertThat(result.output().getText()).isEqualTo("simulated universal transcript of support-42.mp3");
        assertThat(result.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        assertThat(result.usage().getUnits()).isBetween(5L, 60L);
        assertThat(result.upstreamRequestId()).isPresent();
        TaskStep.Running first = (TaskStep.Running) steps.get(0);
        assertThat(first.state()).isEqualTo(TaskState.PENDING);
        assertThat(steps).anySatisfy(step -> assertThat(step).isInstanceOfSatisfying(TaskStep.Running.class,
                running -> assertThat(running.state()).isEqualTo(TaskState.RUNNING)));
        assertThat(result.upstreamRequestId()).contains(first.handle().taskId());
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);
    }

    @Test
    void aFailedTranscriptEndsFailedWithTheSimulatorsReason() throws Exception {
        sim.taskTiming("assemblyai", TaskTiming.lasting(50, 50).withFailureRate(1.0));

        TaskStep end = tasks.end(transcribe("slam-1"));

        assertThat(end).isInstanceOf(TaskStep.Ended.class);
        assertThat(((TaskStep.Ended) end).state()).isEqualTo(TaskState.FAILED);
        assertThat(((TaskStep.Ended) end).error().getMessage()).contains("Transcoding failed");
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);
    }

    @Test
    void aFailedPollIsRetriedAndTheSameTranscriptFinishes() throws Exception {
        RoutedRequest request = transcribe("universal");
        TaskStep.Running created = (TaskStep.Running) tasks.create(request);
        sim.faults("assemblyai", Faults.down(500));

        TaskStep failed = tasks.poll(request, created.handle());
        sim.clearFaults();
        // the failed poll is repeated, as the runtime repeats it, until the same transcript ends
        TaskStep step = tasks.end(request, created);

        assertThat(((TaskStep.CallFailed) failed).failure().failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(step).isInstanceOf(TaskStep.Succeeded.class);
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);
    }

    @Test
    void aWrongKeyCreatesNothingAndIsFatal() throws Exception {
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "assemblyai", "not-the-key");
        RoutedRequest request = transcribe("universal");

        TaskStep step = tasks.create(request, wrong);

        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        assertThat(((TaskStep.CallFailed) step).failure().failure().retryable()).isFalse();
        assertThat(((TaskStep.CallFailed) step).failure().message()).contains("Authentication error");
        assertThat(sim.tasks("assemblyai").created()).isZero();
    }
}
