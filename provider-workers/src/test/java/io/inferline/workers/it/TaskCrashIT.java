package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.avro.UsageEvent;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.simulators.task.TaskTiming;
import io.inferline.testkit.Await;
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

/**
 * A worker process killed with SIGKILL while it polls video tasks, then restarted: it resumes the tasks it
 * recorded instead of creating (and paying for) them again, and answers each request once.
 */
class TaskCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int TASKS = 50;
    private static final String PROVIDER = "bytedance";
    private static final String SLUG = "bytedance/doubao-seedance-1-0-pro-250528";

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
    void aWorkerKilledWhilePollingResumesItsTasksWithoutCreatingThemAgain(@TempDir Path dir) throws Exception {
        stack = new WorkerStack(3, SimulatorSettings.defaults());
        // long enough that every task is still running when the worker dies, short enough to finish soon after
        stack.simulator.taskTiming(PROVIDER, TaskTiming.lasting(8_000, 10_000));
        Map<String, Object> settings = stack.workerConfig("task-crash-test", List.of(PROVIDER));
        settings.put(WorkerConfig.TASK_POLL_INITIAL_MS_CONFIG, "300");
        settings.put(WorkerConfig.TASK_POLL_MAX_MS_CONFIG, "1000");
        Path config = WorkerStack.writeConfig(settings, dir.resolve("worker.properties"));
        Path log = dir.resolve("worker.log");
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < TASKS; i++) {
            RoutedRequest request = stack.forModel(SLUG);
            sent.add(request.getRequest().getRequestId());
            stack.send(request);
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<UsageEvent> usage = stack.usage();
             TopicReader<ProviderTaskState> tasks = new TopicReader<>(stack.kafka, stack.topics.providerTasks(), stack.clientConfig)) {
            worker = stack.startWorkerProcess(config, log);
            // every task recorded (committed, as a read_committed reader sees it), and polling under way
            Await.until(TIMEOUT, "every task recorded and polled", () -> tasks.drain(Duration.ofMillis(100)).stream()
                    .map(ProviderTaskState::getRequestId).collect(Collectors.toSet()).equals(sent)
                    && stack.simulator.tasks(PROVIDER).polls() >= TASKS);
            worker.destroyForcibly().waitFor();
            long createdBeforeCrash = stack.simulator.tasks(PROVIDER).created();
            long pollsBeforeCrash = stack.simulator.tasks(PROVIDER).polls();
            assertThat(createdBeforeCrash).isEqualTo(TASKS);
            assertThat(responses.drain(Duration.ofMillis(500))).as("no task had ended when the worker died").isEmpty();

            worker = stack.startWorkerProcess(config, log);
            responses.awaitAtLeast(TASKS, TIMEOUT);
            List<InferenceResponse> answers = responses.drain(Duration.ofSeconds(2));
            List<UsageEvent> events = usage.awaitAtLeast(TASKS, TIMEOUT);
            events = usage.drain(Duration.ofSeconds(1));

            assertThat(answers).hasSize(TASKS).allSatisfy(answer -> {
                assertThat(answer.getStatus()).as(String.valueOf(answer.getError())).isEqualTo(ResponseStatus.SUCCEEDED);
                assertThat(answer.getOutput().getBinaries()).isNotEmpty();
                assertThat(answer.getAttempts()).as("one create call").hasSize(1);
                assertThat(answer.getCostMicros()).isPositive();
            });
            assertThat(answers.stream().map(InferenceResponse::getRequestId).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(events).hasSize(TASKS);
            assertThat(events.stream().map(UsageEvent::getRequestId).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(stack.simulator.tasks(PROVIDER).created()).as("tasks created at the provider").isEqualTo(TASKS);
            List<ProviderTaskState> last = tasks.drain(Duration.ofSeconds(1));
            assertThat(last.stream().filter(state -> state.getState() == TaskState.SUCCEEDED).map(ProviderTaskState::getRequestId)
                    .collect(Collectors.toSet())).isEqualTo(sent);
            System.out.printf("[task-crash] %d tasks created and %d polls before SIGKILL; %d created and %d polls in all, %d task records%n",
                    createdBeforeCrash, pollsBeforeCrash, stack.simulator.tasks(PROVIDER).created(), stack.simulator.tasks(PROVIDER).polls(),
                    last.size());
        } catch (AssertionError | RuntimeException e) {
            System.out.println("[task-crash] worker log:\n" + Files.readString(log));
            throw e;
        }
    }
}
