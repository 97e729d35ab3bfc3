package io.inferline.workers.runtime;

import static io.inferline.workers.runtime.RoutedRequests.NOW;
import static io.inferline.workers.runtime.RoutedRequests.chat;
import static io.inferline.workers.runtime.RoutedRequests.work;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.Attempt;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.workers.WorkerConfig;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TaskProgressTest {

    private final TaskProgress progress = new TaskProgress(new WorkerConfig.TaskPolling(Duration.ofSeconds(2), Duration.ofSeconds(15), 3,
            Duration.ofHours(1)));

    private static Work created(RoutedRequest routed) {
        Work work = work("provider-requests-runway", 0, 7, Lane.INTERACTIVE, routed);
        work.attempts.add(Attempt.newBuilder().setProvider("runway").setModel("gen4_turbo").setOutcome(AttemptOutcome.SUCCEEDED)
                .setUpstreamStatus(200).setStartedAt(NOW).build());
        return work;
    }

    private static Work step(ProviderTaskState state) {
        return Work.taskStep(new ConsumerRecord<>("provider-tasks", 0, 3, new byte[0], new byte[0]), state, new PartitionLedger().open(3));
    }

    private static TaskStep.Running running(String status, Optional<Duration> pollAfter) {
        return new TaskStep.Running(TaskHandle.of("task-1").with("file_id", "f-9"), TaskState.PENDING, status, pollAfter);
    }

    @Test
    void theFirstRecordCarriesTheHandleTheRequestWithItsCreateAttemptAndTheFirstPollTime() {
        ProviderTaskState started = progress.started(created(chat("r1", null)), running("THROTTLED", Optional.empty()), NOW);

        assertThat(started.getRequestId()).isEqualTo("r1");
        assertThat(started.getProvider()).isEqualTo("openai");
        assertThat(started.getProviderTaskId()).isEqualTo("task-1");
        assertThat(started.getHandle()).isEqualTo(Map.of("file_id", "f-9"));
        assertThat(started.getState()).isEqualTo(TaskState.PENDING);
        assertThat(started.getProviderStatus()).isEqualTo("THROTTLED");
        assertThat(started.getNextPollAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(started.getDeadline()).as("no request deadline: the longest task life").isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(started.getRoutedRequest().getAttempts()).hasSize(1);
        assertThat(TaskProgress.handle(started)).isEqualTo(TaskHandle.of("task-1").with("file_id", "f-9"));
    }

    @Test
    void aRequestDeadlineBeforeTheLongestLifeIsTheTasksDeadline() {
        RoutedRequest routed = chat("r2", null);
        routed.setRequest(InferenceRequest.newBuilder(routed.getRequest()).setDeadline(NOW.plusSeconds(90)).build());
        ProviderTaskState started = progress.started(created(routed), running("PENDING", Optional.empty()), NOW);

        assertThat(started.getDeadline()).isEqualTo(NOW.plusSeconds(90));
        assertThat(TaskProgress.overdue(started, NOW.plusSeconds(89))).isFalse();
        assertThat(TaskProgress.overdue(started, NOW.plusSeconds(90))).isTrue();
    }

    @Test
    void pollsBackOffByHalfUpToTheMaximumUnlessTheProviderSuggestsAWait() {
        assertThat(progress.interval(0, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(progress.interval(1, Optional.empty())).isEqualTo(Duration.ofSeconds(3));
        assertThat(progress.interval(2, Optional.empty())).isEqualTo(Duration.ofMillis(4_500));
        assertThat(progress.interval(10, Optional.empty())).isEqualTo(Duration.ofSeconds(15));
        assertThat(progress.interval(10, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Duration.ofSeconds(5));
        assertThat(progress.interval(0, Optional.of(Duration.ofMinutes(5)))).as("capped").isEqualTo(Duration.ofSeconds(15));
        assertThat(progress.interval(0, Optional.of(Duration.ZERO))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void eachStillRunningStepCountsAPollAndResetsFailedOnes() {
        ProviderTaskState started = progress.started(created(chat("r3", null)), running("PENDING", Optional.empty()), NOW);
        ProviderTaskState failedOnce = progress.pollFailed(step(started), NOW.plusSeconds(2)).orElseThrow();
        assertThat(failedOnce.getPollErrors()).isEqualTo(1);
        assertThat(failedOnce.getPollCount()).isEqualTo(1);
        assertThat(failedOnce.getRoutedRequest()).isEqualTo(started.getRoutedRequest());

        ProviderTaskState next = progress.stillRunning(step(failedOnce),
                new TaskStep.Running(TaskHandle.of("task-1"), TaskState.RUNNING, "RUNNING", Optional.empty()), NOW.plusSeconds(6));
        assertThat(next.getPollErrors()).isZero();
        assertThat(next.getPollCount()).isEqualTo(2);
        assertThat(next.getState()).isEqualTo(TaskState.RUNNING);
        assertThat(next.getLastPolledAt()).isEqualTo(NOW.plusSeconds(6));
        assertThat(next.getNextPollAt()).isEqualTo(NOW.plusSeconds(6).plus(Duration.ofMillis(4_500)));
        assertThat(next.getHandle()).as("the handle the poll returned").isEmpty();
    }

    @Test
    void tooManyFailedPollsInARowEndTheTask() {
        ProviderTaskState state = progress.started(created(chat("r4", null)), running("PENDING", Optional.empty()), NOW);
        state = progress.pollFailed(step(state), NOW).orElseThrow();
        state = progress.pollFailed(step(state), NOW).orElseThrow();
        assertThat(progress.pollFailed(step(state), NOW)).as("the third failure in a row").isEmpty();
    }

    @Test
    void theLastRecordKeepsTheOutcomeAndDropsTheRequest() {
        ProviderTaskState started = progress.started(created(chat("r5", null)), running("PENDING", Optional.empty()), NOW);
        BinaryRef video = BinaryRef.newBuilder().setUri("https://cdn.example/v.mp4").setContentType("video/mp4").build();
        ProviderTaskState done = progress.ended(step(started), TaskState.SUCCEEDED, "SUCCEEDED", List.of(video), null, NOW.plusSeconds(30));
        assertThat(done.getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.getResults()).containsExactly(video);
        assertThat(done.getRoutedRequest()).isNull();
        assertThat(done.getNextPollAt()).isNull();

        ErrorInfo why = ErrorInfo.newBuilder().setCode("content_moderation").setMessage("refused").build();
        assertThat(progress.ended(step(started), TaskState.FAILED, "FAILED", List.of(), why, NOW).getError()).isEqualTo(why);
    }
}
