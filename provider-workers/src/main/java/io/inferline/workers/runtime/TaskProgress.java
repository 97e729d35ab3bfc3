package io.inferline.workers.runtime;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.workers.WorkerConfig;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of a provider task's life on {@code provider-tasks} and when it is polled next. Every record of
 * a task that has not ended carries the routed request, so whichever worker of the provider reads it can take
 * the next step; a record of an ended task carries only the outcome.
 */
final class TaskProgress {

    private final WorkerConfig.TaskPolling polling;

    TaskProgress(WorkerConfig.TaskPolling polling) {
        this.polling = polling;
    }

    /** The first record, written with the create call's offset: from here on the task is resumed, never created again. */
    ProviderTaskState started(Work work, TaskStep.Running created, Instant now) {
        ProviderTaskState.Builder state = ProviderTaskState.newBuilder()
                .setRequestId(work.requestId())
                .setProvider(work.routed.getProvider())
                .setCreatedAt(now)
                .setPollCount(0)
                .setDeadline(deadline(work.routed, now))
                .setResults(List.of());
        return running(state, work, created, 0, now);
    }

    /** After a status answer that says the task goes on. */
    ProviderTaskState stillRunning(Work work, TaskStep.Running polled, Instant now) {
        ProviderTaskState.Builder state = ProviderTaskState.newBuilder(work.task).setLastPolledAt(now).setPollCount(work.task.getPollCount() + 1);
        return running(state, work, polled, 0, now);
    }

    /** After a status query that failed; empty when too many failed in a row and the request should end. */
    Optional<ProviderTaskState> pollFailed(Work work, Instant now) {
        int failures = work.task.getPollErrors() + 1;
        if (failures >= polling.maxFailures()) {
            return Optional.empty();
        }
        ProviderTaskState.Builder state = ProviderTaskState.newBuilder(work.task).setLastPolledAt(now)
                .setPollCount(work.task.getPollCount() + 1).setPollErrors(failures)
                .setNextPollAt(now.plus(interval(work.task.getPollCount() + failures, Optional.empty())));
        return Optional.of(state.setRoutedRequest(carried(work)).build());
    }

    /** The last record of a task: its outcome, without the request. */
    ProviderTaskState ended(Work work, TaskState state, String providerStatus, List<BinaryRef> results, ErrorInfo error, Instant now) {
        return ProviderTaskState.newBuilder(work.task).setState(state).setProviderStatus(providerStatus)
                .setLastPolledAt(now).setNextPollAt(null).setResults(List.copyOf(results)).setError(error)
                .setRoutedRequest(null).build();
    }

    /** Whether the request's deadline (or the task's longest life) has passed. */
    static boolean overdue(ProviderTaskState task, Instant now) {
        return task.getDeadline() != null && !now.isBefore(task.getDeadline());
    }

    static TaskHandle handle(ProviderTaskState task) {
        return new TaskHandle(task.getProviderTaskId(), task.getHandle());
    }

    private ProviderTaskState running(ProviderTaskState.Builder state, Work work, TaskStep.Running step, int pollErrors, Instant now) {
        TaskHandle handle = step.handle();
        int polls = state.getPollCount();
        return state.setProviderTaskId(handle.taskId())
                .setHandle(Map.copyOf(handle.values()))
                .setState(step.state())
                .setProviderStatus(step.providerStatus())
                .setPollErrors(pollErrors)
                .setNextPollAt(now.plus(interval(polls, step.pollAfter())))
                .setRoutedRequest(carried(work))
                .build();
    }

    /** The request as the next step needs it: with every attempt made so far. */
    private static RoutedRequest carried(Work work) {
        return RoutedRequest.newBuilder(work.routed).setAttempts(List.copyOf(work.attempts)).setNotBefore(null).build();
    }

    /** The provider's suggestion within [1 ms, max], else the initial wait growing by half per poll. */
    Duration interval(int polls, Optional<Duration> suggested) {
        if (suggested.isPresent()) {
            Duration wait = suggested.get();
            return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : min(wait, polling.max());
        }
        double grown = polling.initial().toMillis() * Math.pow(1.5, Math.min(polls, 40));
        return Duration.ofMillis((long) Math.min(grown, polling.max().toMillis()));
    }

    private Instant deadline(RoutedRequest routed, Instant now) {
        Instant longest = now.plus(polling.timeout());
        Instant requested = routed.getRequest().getDeadline();
        return requested != null && requested.isBefore(longest) ? requested : longest;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
