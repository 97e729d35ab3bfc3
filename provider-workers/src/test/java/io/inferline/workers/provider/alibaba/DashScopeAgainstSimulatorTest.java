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
import io.inferline.workers.provider.Secret;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
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

/** The adapter's calls sent over real HTTP to the simulator: chat as one call, images and videos as tasks polled to their end. */
class DashScopeAgainstSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static ProviderSimulator sim;
    private final DashScopeAdapter adapter = new DashScopeAdapter();

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
        return new ProviderEndpoint(sim.baseUrl("alibaba"), Secret.of(sim.apiKey("alibaba")), Map.of());
    }

    private static UpstreamResponse send(UpstreamRequest upstream) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(upstream.uri()).timeout(Duration.ofSeconds(20))
                .method(upstream.method(), upstream.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(http::header);
        HttpResponse<byte[]> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return new UpstreamResponse(response.statusCode(), headers, response.body());
    }

    private static HttpResponse<byte[]> download(BinaryRef ref) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ref.getUri())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static RoutedRequest media(String model, Capability capability, GenerationOptions options) {
        return routed("alibaba", model, capability, Input.newBuilder().setCapability(capability).setPrompt("a red fox in the snow").build(),
                options);
    }

    /** Creates the task and polls it to its end, recording every step on the way. */
    private List<TaskStep> run(RoutedRequest request) throws Exception {
        List<TaskStep> steps = new ArrayList<>();
        TaskStep step = adapter.created(request, send(adapter.toUpstream(request, endpoint())), Instant.now());
        steps.add(step);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (step instanceof TaskStep.Running running) {
            assertThat(System.nanoTime()).as("the task ends before the deadline").isLessThan(deadline);
            Thread.sleep(20);
            step = adapter.polled(request, running.handle(), send(adapter.poll(request, running.handle(), endpoint())), Instant.now());
            steps.add(step);
        }
        return steps;
    }

    private static List<TaskState> states(List<TaskStep> steps) {
        return steps.stream().filter(TaskStep.Running.class::isInstance).map(step -> ((TaskStep.Running) step).state()).distinct().toList();
    }

    @Test
    void chatIsOneCall() throws Exception {
        RoutedRequest request = AdapterFixtures.prompt("alibaba", "qwen-turbo", "What is the capital of France?");

        AdapterResult result = adapter.fromUpstream(request, send(adapter.toUpstream(request, endpoint())), Instant.now());

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getText()).startsWith("simulated qwen-turbo reply: What is the capital");
        assertThat(success.usage().getInputTokens()).isPositive();
        assertThat(success.upstreamRequestId().orElseThrow()).startsWith("chatcmpl-");
    }

    @Test
    void anImageTaskIsPolledToItsImages() throws Exception {
        List<TaskStep> steps = run(media("wan2.2-t2i-flash", Capability.IMAGE, options().setSize("1024x1024").setExtra(Map.of("n", "2")).build()));

        assertThat(states(steps)).containsExactly(TaskState.PENDING, TaskState.RUNNING);
        TaskStep.Succeeded done = (TaskStep.Succeeded) steps.get(steps.size() - 1);
        assertThat(done.result().usage().getUnits()).isEqualTo(2);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        for (BinaryRef image : done.result().output().getBinaries()) {
            assertThat(image.getContentType()).isEqualTo("image/png");
            assertThat(image.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
            HttpResponse<byte[]> file = download(image);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
        }
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
        assertThat(sim.tasks("alibaba").polls()).isEqualTo(steps.size() - 1);
    }

    @Test
    void aVideoTaskIsPolledToItsVideoAndBillsItsSeconds() throws Exception {
        List<TaskStep> steps = run(media("wan2.2-t2v-plus", Capability.VIDEO, options().setSize("832x480").setDurationSeconds(5).build()));

        TaskStep.Succeeded done = (TaskStep.Succeeded) steps.get(steps.size() - 1);
        assertThat(done.result().usage().getUnits()).isEqualTo(5);
        assertThat(done.result().usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        BinaryRef video = done.result().output().getBinaries().get(0);
        assertThat(video.getContentType()).isEqualTo("video/mp4");
        HttpResponse<byte[]> file = download(video);
        assertThat(new String(file.body(), 4, 4)).isEqualTo("ftyp");
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
    }

    @Test
    void aFailedTaskEndsWithTheProvidersReason() throws Exception {
        sim.taskTiming("alibaba", TaskTiming.lasting(100, 100).withFailureRate(1.0));

        List<TaskStep> steps = run(media("wan2.2-t2i-flash", Capability.IMAGE, options().build()));

        TaskStep.Ended ended = (TaskStep.Ended) steps.get(steps.size() - 1);
        assertThat(ended.state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.error().getCode()).isEqualTo("InternalError.Algo");
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
    }

    @Test
    void aPendingTaskIsCancelled() throws Exception {
        sim.taskTiming("alibaba", TaskTiming.lasting(10_000, 10_000));
        RoutedRequest request = media("wan2.2-t2v-plus", Capability.VIDEO, options().build());
        TaskStep.Running created = (TaskStep.Running) adapter.created(request, send(adapter.toUpstream(request, endpoint())), Instant.now());

        UpstreamResponse cancel = send(adapter.cancel(request, created.handle(), endpoint()).orElseThrow());
        TaskStep after = adapter.polled(request, created.handle(), send(adapter.poll(request, created.handle(), endpoint())), Instant.now());

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

        TaskStep step = adapter.created(request, send(new UpstreamRequest("POST", upstream.uri(), headers, upstream.body())), Instant.now());

        AdapterResult.Failure failure = ((TaskStep.CallFailed) step).failure();
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("AccessDenied");
        assertThat(sim.tasks("alibaba").created()).isZero();
    }

    @Test
    void aWrongKeyAndAnUnknownTaskAreReadInTheirShapes() throws Exception {
        RoutedRequest request = media("wan2.2-t2v-plus", Capability.VIDEO, options().build());
        ProviderEndpoint wrong = new ProviderEndpoint(sim.baseUrl("alibaba"), Secret.of("sk-not-the-key"), Map.of());

        TaskStep refused = adapter.created(request, send(adapter.toUpstream(request, wrong)), Instant.now());
        TaskStep unknown = adapter.polled(request, TaskHandle.of("no-such-task"),
                send(adapter.poll(request, TaskHandle.of("no-such-task"), endpoint())), Instant.now());

        assertThat(((TaskStep.CallFailed) refused).failure().errorCode()).isEqualTo("InvalidApiKey");
        assertThat(((TaskStep.Ended) unknown).state()).isEqualTo(TaskState.EXPIRED);
    }
}
