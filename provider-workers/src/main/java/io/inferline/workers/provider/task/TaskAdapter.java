package io.inferline.workers.provider.task;

import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * An adapter for a provider whose requests (all, or some models') run as asynchronous tasks: one call
 * creates the task, later calls poll it until it ends, and the answer comes from the last poll. Like every
 * adapter it is pure: the runtime makes the calls, records the task id in {@code provider-tasks} before the
 * first poll (so a restarted worker resumes the task instead of creating, and paying for, another), decides
 * when to poll, and cancels the task when the request's deadline passes.
 *
 * <p>The create call is {@link #toUpstream}; its answer goes to {@link #created}, never to
 * {@link #fromUpstream}, for requests where {@link #runsAsTask} is true.
 */
public interface TaskAdapter extends ProviderAdapter {

    /** Whether this request runs as a task; false sends it through {@link #toUpstream}/{@link #fromUpstream} as one call. */
    boolean runsAsTask(RoutedRequest request);

    /**
     * Reads the create call's answer: usually {@link TaskStep.Running} with the new task's handle, or
     * {@link TaskStep.CallFailed} when the provider refused (then nothing was created).
     */
    TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now);

    /** The status query of a task. */
    UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint);

    /**
     * Reads a status answer: still running (possibly with a new handle, e.g. a result file id to fetch next),
     * succeeded with the normalized output, ended otherwise, or a failed call (the poll is then repeated).
     */
    TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now);

    /** The call that cancels a task, where the provider has one; its answer is not read beyond its status. */
    Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint);
}
