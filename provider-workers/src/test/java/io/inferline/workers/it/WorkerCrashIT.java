package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.simulators.Faults;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker process killed with SIGKILL in the middle of its work, then restarted: no request answered or charged twice. */
class WorkerCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int REQUESTS = 2_000;

    private WorkerStack stack;
    private Process worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (stack != null) {
            stack.close();
        }
    }


    @Test
    void aWorkerKilledMidwayAndRestartedAnswersAndChargesEveryRequestExactlyOnce(@TempDir Path dir) throws Exception {
        stack = new WorkerStack(3, SimulatorSettings.defaults());
        stack.simulator.faults("openai", Faults.none().withLatency(20, 60));
        Map<String, Object> settings = stack.workerConfig("crash-test", List.of("openai"));
        settings.put(WorkerConfig.MAX_IN_FLIGHT_CONFIG, "16");
        Path config = WorkerStack.writeConfig(settings, dir.resolve("worker.properties"));
        Path log = dir.resolve("worker.log");
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            RoutedRequest request = stack.chat("openai/gpt-4o-mini", "crash " + i, null);
            sent.add(request.getRequest().getRequestId());
            stack.send(request);
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<UsageEvent> usage = stack.usage()) {
            worker = stack.startWorkerProcess(config, log);
            int before = responses.awaitAtLeast(REQUESTS / 4, TIMEOUT).size();
            worker.destroyForcibly().waitFor();
            long callsBeforeRestart = stack.simulator.stats("openai").requests();
            assertThat(before).as("killed in the middle").isLessThan(REQUESTS);

            worker = stack.startWorkerProcess(config, log);
            List<InferenceResponse> answers = responses.awaitAtLeast(REQUESTS, TIMEOUT);
            answers = responses.drain(Duration.ofSeconds(2));
            List<UsageEvent> events = usage.awaitAtLeast(REQUESTS, TIMEOUT);
            events = usage.drain(Duration.ofSeconds(1));

            assertThat(answers).hasSize(REQUESTS);
            assertThat(answers.stream().map(InferenceResponse::getRequestId).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(events).hasSize(REQUESTS);
            assertThat(events.stream().map(UsageEvent::getRequestId).collect(Collectors.toSet())).isEqualTo(sent);
            long calls = stack.simulator.stats("openai").requests();
            System.out.printf("[worker-crash] %d answered before SIGKILL, %d upstream calls before restart, %d in all for %d requests"
                    + " (%d repeated after the crash)%n", before, callsBeforeRestart, calls, REQUESTS, calls - REQUESTS);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("[worker-crash] worker log:\n" + Files.readString(log));
            throw e;
        }
    }
}
