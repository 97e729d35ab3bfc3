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
import io.inferline.workers.WorkerApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How provider tasks end besides success: cancelled upstream at their deadline, failed by the provider. */
class TaskLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String PROVIDER = "bytedance";
    private static final String SLUG = "bytedance/doubao-seedance-1-0-pro-250528";

    private WorkerStack stack;
    private WorkerApp workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTaskStillRunningAtItsDeadlineIsCancelledUpstreamAndAnsweredExpired() throws Exception {
        stack = new WorkerStack(1, SimulatorSettings.defaults());
        stack.simulator.taskTiming(PROVIDER, TaskTiming.lasting(60_000, 60_000));
        workers = WorkerApp.start(stack.workerConfig("task-deadline", List.of(PROVIDER)), stack.environment());
        RoutedRequest request = stack.forModel(SLUG);
        request.getRequest().setDeadline(Instant.now().plusSeconds(3));
        stack.send(request);
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<UsageEvent> usage = stack.usage();
             TopicReader<ProviderTaskState> tasks = new TopicReader<>(stack.kafka, stack.topics.providerTasks(), stack.clientConfig)) {
            InferenceResponse answer = responses.awaitAtLeast(1, TIMEOUT).get(0);
            assertThat(answer.getStatus()).isEqualTo(ResponseStatus.EXPIRED);
            assertThat(answer.getError().getCode()).isEqualTo("deadline_exceeded");
            assertThat(answer.getError().getMessage()).contains("cancelled upstream");
            assertThat(stack.simulator.tasks(PROVIDER).created()).isEqualTo(1);
            assertThat(stack.simulator.tasks(PROVIDER).cancelled()).as("cancelled at the provider").isEqualTo(1);
            assertThat(usage.awaitAtLeast(1, TIMEOUT).get(0).getCostMicros()).as("nothing charged").isZero();
            List<ProviderTaskState> states = tasks.drain(Duration.ofSeconds(1));
            assertThat(states.get(states.size() - 1).getState()).isEqualTo(TaskState.EXPIRED);
        }
    }

    @Test
    void aTaskTheProviderFailsIsAnsweredFailedWithItsReasonAndNotCharged() throws Exception {
        stack = new WorkerStack(1, SimulatorSettings.defaults());
        stack.simulator.taskTiming(PROVIDER, TaskTiming.lasting(500, 500).withFailureRate(1.0));
        workers = WorkerApp.start(stack.workerConfig("task-failed", List.of(PROVIDER)), stack.environment());
        stack.send(stack.forModel(SLUG));
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<UsageEvent> usage = stack.usage();
             TopicReader<byte[]> dlq = stack.deadLetters(PROVIDER)) {
            InferenceResponse answer = responses.awaitAtLeast(1, TIMEOUT).get(0);
            assertThat(answer.getStatus()).isEqualTo(ResponseStatus.FAILED);
            assertThat(answer.getError().getMessage()).isNotBlank();
            assertThat(answer.getError().getRetryable()).isFalse();
            assertThat(stack.simulator.tasks(PROVIDER).created()).as("a failed task is not created again").isEqualTo(1);
            assertThat(usage.awaitAtLeast(1, TIMEOUT).get(0).getCostMicros()).isZero();
            assertThat(dlq.awaitAtLeast(1, TIMEOUT)).hasSize(1);
            System.out.println("[task-lifecycle] failed task answered: " + answer.getError());
        }
    }
}
