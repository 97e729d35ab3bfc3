package io.inferline.workers.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drives a {@link TaskAdapter} against a running simulator over HTTP ({@link SimulatorHttp#send}) as the runtime
 * would: the create call, the polls until a step that is not {@link TaskStep.Running}, the cancel call.
 */
public final class SimulatorTasks {

    /** The longest pause between polls: a provider's suggested wait (Runway's is 5 s) is cut to it, a shorter one kept. */
    private static final Duration MAX_PAUSE = Duration.ofMillis(25);
    /** How long a task may run before the test fails; the tests' tasks last a second at the most. */
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final TaskAdapter adapter;
    private final Supplier<ProviderEndpoint> endpoint;

    /** @param endpoint the simulator's endpoint, asked for at each call (so it may be made once the simulator runs) */
    public SimulatorTasks(TaskAdapter adapter, Supplier<ProviderEndpoint> endpoint) {
        this.adapter = adapter;
        this.endpoint = endpoint;
    }

    /** The create call, read by {@link TaskAdapter#created}. */
    public TaskStep create(RoutedRequest request) throws Exception {
        return create(request, endpoint.get());
    }

    public TaskStep create(RoutedRequest request, ProviderEndpoint endpoint) throws Exception {
        return adapter.created(request, SimulatorHttp.send(adapter.toUpstream(request, endpoint)), Instant.now());
    }

    /** One status query, read by {@link TaskAdapter#polled}. */
    public TaskStep poll(RoutedRequest request, TaskHandle task) throws Exception {
        return adapter.polled(request, task, SimulatorHttp.send(adapter.poll(request, task, endpoint.get())), Instant.now());
    }

    /** The cancel call's answer; the adapter must have one. */
    public UpstreamResponse cancel(RoutedRequest request, TaskHandle task) throws Exception {
        return SimulatorHttp.send(adapter.cancel(request, task, endpoint.get()).orElseThrow());
    }

    /** Creates the task and polls it to its end: every step, the create's first, the terminal one last. */
    public List<TaskStep> steps(RoutedRequest request) throws Exception {
        return steps(request, create(request));
    }

    /**
     * Polls from {@code from} until a step that is not {@link TaskStep.Running}: every step, {@code from} first.
     * Fails the test when the task has not ended by the deadline.
     */
    public List<TaskStep> steps(RoutedRequest request, TaskStep from) throws Exception {
        List<TaskStep> steps = new ArrayList<>(List.of(from));
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        TaskStep step = from;
        while (step instanceof TaskStep.Running running) {
            assertThat(System.nanoTime()).as("the task ends before the deadline").isLessThan(deadline);
            Duration suggested = running.pollAfter().orElse(MAX_PAUSE);
            Thread.sleep((suggested.compareTo(MAX_PAUSE) < 0 ? suggested : MAX_PAUSE).toMillis());
            step = poll(request, running.handle());
            steps.add(step);
        }
        return steps;
    }

    /** Creates the task and polls it to its end: the terminal step. */
    public TaskStep end(RoutedRequest request) throws Exception {
        return last(steps(request));
    }

    /** Polls from {@code from} to the task's end: the terminal step. */
    public TaskStep end(RoutedRequest request, TaskStep from) throws Exception {
        return last(steps(request, from));
    }

    public static TaskStep last(List<TaskStep> steps) {
        return steps.get(steps.size() - 1);
    }
}
