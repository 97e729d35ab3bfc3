package io.inferline.workers.provider.alibaba;

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
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's calls sent over real HTTP to the simulator: chat as one call, images and videos as tasks polled to their end. */
class DashScopeAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final DashScopeAdapter adapter = new DashScopeAdapter();
    private final SimulatorTasks tasks = new SimulatorTasks(adapter, DashScopeAgainstSimulatorTest::endpoint);

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
        sim.taskTiming("alibaba", TaskTiming.lasting(300, 300));
    }

    private static ProviderEndpoint endpoint() {
        return SimulatorHttp.endpoint(sim, "alibaba");
    }

    private static RoutedRequest media(String model, Capability capability, GenerationOptions options) {
        return routed("alibaba", model, capability, Input.newBuilder().setCapability(capability).setPrompt("a red fox in the snow").build(),
                options);
    }

    private static List<TaskState> states(List<TaskStep> steps) {
        return steps.stream().filter(TaskStep.Running.class::isInstance).map(step -> ((TaskStep.Running) step).state()).distinct().toList();
    }

    @Test
    void chatIsOneCall() throws Exception {
        RoutedRequest request = AdapterFixtures.prompt("alibaba", "qwen-turbo", "What is the capital of France?");

        AdapterResult result = SimulatorHttp.call(adapter, request, endpoint(), Instant.now());

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getText()).startsWith("simulated qwen-turbo reply: What is the capital");
        assertThat(success.usage().getInputTokens()).isPositive();
        assertThat(success.upstreamRequestId().orElseThrow()).startsWith("chatcmpl-");
    }

    @Test
    void anImageTaskIsPolledToItsImages() throws Exception {
        List<TaskStep> steps = tasks.steps(media("wan2.2-t2i-flash", Capability.IMAGE, options().setSize("1024x1024").setExtra(Map.of("n", "2")).build()));

        assertThat(states(steps)).containsExactly(TaskState.PENDING, TaskState.RUNNING);
        TaskStep.Succeeded done = (TaskStep.Succeeded) SimulatorTasks.last(steps);
        assertThat(done.result().usage().getUnits()).isEqualTo(2);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        for (BinaryRef image : done.result().output().getBinaries()) {
            assertThat(image.getContentType()).isEqualTo("image/png");
            assertThat(image.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
            HttpResponse<byte[]> file = SimulatorHttp.download(image);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
        }
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
        assertThat(sim.tasks("alibaba").polls()).isEqualTo(steps.size() - 1);
    }

    @Test
    void aVideoTaskIsPolledToItsVideoAndBillsItsSeconds() throws Exception {
        List<TaskStep> steps = tasks.steps(media("wan2.2-t2v-plus", Capability.VIDEO, options().setSize("832x480").setDurationSeconds(5).build()));

        TaskStep.Succeeded done = (TaskStep.Succeeded) SimulatorTasks.last(steps);
        assertThat(done.result().usage().getUnits()).isEqualTo(5);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        HttpResponse<byte[]> file = SimulatorHttp.download(video);
        assertThat(new String(file.body(), 4, 4)).isEqualTo("ftyp");
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
    }

    @Test
    void aFailedTaskEndsWithTheProvidersReason() throws Exception {
        sim.taskTiming("alibaba", TaskTiming.lasting(100, 100).withFailureRate(1.0));

        List<TaskStep> steps = tasks.steps(media("wan2.2-t2i-flash", Capability.IMAGE, options().build()));

        TaskStep.Ended ended = (TaskStep.Ended) SimulatorTasks.last(steps);
        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.error().getCode()).isEqualTo("InternalError.Algo");
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
    }

    @Test
    void aPendingTaskIsCancelled() throws Exception {
        sim.taskTiming("alibaba", TaskTiming.lasting(10_000, 10_000));
        RoutedRequest request = media("wan2.2-t2v-plus", Capability.VIDEO, options().build());
        TaskStep.Running created = (TaskStep.Running) tasks.create(request);

        UpstreamResponse cancel = tasks.cancel(request, created.handle());
        TaskStep after = tasks.poll(request, created.handle());

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(after).isInstanceOf(TaskStep.Ended.class);
        assertThat(((TaskStep.Ended) after).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(sim.tasks("alibaba").cancelled()).isEqualTo(1);
    }

    @Test
    void withoutTheAsyncHeaderTheCreateIsRefusedForGood() throws Exception {
        RoutedRequest request = media("wan2.2-t2i-flash", Capability.IMAGE, options().build());
        UpstreamRequest upstream = adapter.toUpstream(request, endpoint());
        Map<String, String> headers = new HashMap<>(upstream.headers());
        headers.remove("X-DashScope-Async");

        TaskStep step = adapter.created(request, SimulatorHttp.send(new UpstreamRequest("POST", upstream.uri(), headers, upstream.body())),
                Instant.now());

        AdapterResult.Failure failure = ((TaskStep.CallFailed) step).failure();
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("AccessDenied");
        assertThat(sim.tasks("alibaba").created()).isZero();
    }

    @Test
    void aWrongKeyAndAnUnknownTaskAreReadInTheirShapes() throws Exception {
        RoutedRequest request = media("wan2.2-t2v-plus", Capability.VIDEO, options().build());
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "alibaba", "sk-not-the-key");

        TaskStep refused = tasks.create(request, wrong);
        TaskStep unknown = tasks.poll(request, TaskHandle.of("no-such-task"));

        assertThat(((TaskStep.CallFailed) refused).failure().errorCode()).isEqualTo("InvalidApiKey");
        assertThat(((TaskStep.Ended) unknown).state()).isEqualTo(TaskState.EXPIRED);
    }
}
