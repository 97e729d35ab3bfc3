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
import io.inferline.workers.provider.Secret;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's create and status calls, sent over real HTTP to the simulator, until the transcript ends. */
class AssemblyAiAgainstSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static ProviderSimulator sim;
    private final AssemblyAiAdapter adapter = new AssemblyAiAdapter();

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
        return new ProviderEndpoint(sim.baseUrl("assemblyai"), Secret.of(sim.apiKey("assemblyai")), Map.of());
    }

    private static RoutedRequest transcribe(String model) {
        return routed("assemblyai", model, Capability.TRANSCRIPTION, Input.newBuilder().setCapability(Capability.TRANSCRIPTION)
                .setMedia(List.of(InlineBinaries.url("https://example.com/calls/support-42.mp3", "audio/mpeg", null))).build(),
                options().build());
    }

    private static UpstreamResponse send(UpstreamRequest upstream) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(upstream.uri()).timeout(Duration.ofSeconds(10))
                .method(upstream.method(), upstream.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(http::header);
        HttpResponse<byte[]> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return new UpstreamResponse(response.statusCode(), headers, response.body());
    }

    /** Creates the transcript and polls it until a step that is not Running; every step seen is kept. */
    private TaskStep run(RoutedRequest request, List<TaskStep> steps) throws Exception {
        TaskStep step = adapter.created(request, send(adapter.toUpstream(request, endpoint())), Instant.now());
        steps.add(step);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (step instanceof TaskStep.Running running && System.nanoTime() < deadline) {
            Thread.sleep(20);
            step = adapter.polled(request, running.handle(), send(adapter.poll(request, running.handle(), endpoint())), Instant.now());
            steps.add(step);
        }
        return step;
    }

    @Test
    void aTranscriptIsCreatedOncePolledAndReadWithItsSeconds() throws Exception {
        List<TaskStep> steps = new ArrayList<>();

        TaskStep end = run(transcribe("universal"), steps);

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

        TaskStep end = run(transcribe("slam-1"), new ArrayList<>());

        assertThat(end).isInstanceOf(TaskStep.Ended.class);
        assertThat(((TaskStep.Ended) end).state()).isEqualTo(TaskState.FAILED);
        assertThat(((TaskStep.Ended) end).error().getMessage()).contains("Transcoding failed");
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);
    }

    @Test
    void aFailedPollIsRetriedAndTheSameTranscriptFinishes() throws Exception {
        RoutedRequest request = transcribe("universal");
        TaskStep.Running created = (TaskStep.Running) adapter.created(request, send(adapter.toUpstream(request, endpoint())), Instant.now());
        sim.faults("assemblyai", Faults.down(500));

        TaskStep failed = adapter.polled(request, created.handle(), send(adapter.poll(request, created.handle(), endpoint())), Instant.now());
        sim.clearFaults();
        List<TaskStep> steps = new ArrayList<>();
        TaskStep step = created;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(step instanceof TaskStep.Succeeded) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            step = adapter.polled(request, created.handle(), send(adapter.poll(request, created.handle(), endpoint())), Instant.now());
            steps.add(step);
        }

        assertThat(((TaskStep.CallFailed) failed).failure().failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(step).isInstanceOf(TaskStep.Succeeded.class);
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);
    }

    @Test
    void aWrongKeyCreatesNothingAndIsFatal() throws Exception {
        ProviderEndpoint wrong = new ProviderEndpoint(sim.baseUrl("assemblyai"), Secret.of("not-the-key"), Map.of());
        RoutedRequest request = transcribe("universal");

        TaskStep step = adapter.created(request, send(adapter.toUpstream(request, wrong)), Instant.now());

        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        assertThat(((TaskStep.CallFailed) step).failure().failure().retryable()).isFalse();
        assertThat(((TaskStep.CallFailed) step).failure().message()).contains("Authentication error");
        assertThat(sim.tasks("assemblyai").created()).isZero();
    }
}
