package io.inferline.workers.provider.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.JsonAnswers;
import io.inferline.workers.provider.UpstreamResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads the answers of a task API that runs every request as a task, answers with JSON objects and refuses with
 * non-2xx statuses. What differs from provider to provider (the error body, the object's fields) is passed in.
 */
public final class JsonTaskSteps {

    private final String provider;
    private final String brand;
    private final BiFunction<UpstreamResponse, Instant, AdapterResult.Failure> refusal;

    /**
     * @param brand   the provider's name as written in prose, e.g. {@code Runway}
     * @param refusal reads a non-2xx answer as the provider's error
     */
    public JsonTaskSteps(String provider, String brand, BiFunction<UpstreamResponse, Instant, AdapterResult.Failure> refusal) {
        this.provider = provider;
        this.brand = brand;
        this.refusal = refusal;
    }

    /** A create answer; one that cannot be read is not retried (see {@link TaskFailures#unreadableCreate}). */
    public TaskStep created(UpstreamResponse response, Instant now, Function<JsonNode, TaskStep> read) {
        return step(response, now, read, e -> TaskFailures.unreadableCreate(provider, response, e));
    }

    /** A status answer; one that cannot be read is retried, as the task goes on upstream. */
    public TaskStep polled(UpstreamResponse response, Instant now, Function<JsonNode, TaskStep> read) {
        return step(response, now, read, e -> JsonAnswers.unreadable(provider, response, e, Optional.empty()));
    }

    /** An answer given to {@code fromUpstream}: a refusal as such, a success as {@link TaskFailures#notATask}. */
    public AdapterResult.Failure notATask(UpstreamResponse response, Instant now) {
        if (!response.successful()) {
            return refusal.apply(response, now);
        }
        return TaskFailures.notATask(provider, brand, response.status());
    }

    private TaskStep step(UpstreamResponse response, Instant now, Function<JsonNode, TaskStep> read,
                          Function<RuntimeException, AdapterResult.Failure> unreadable) {
        if (!response.successful()) {
            return new TaskStep.CallFailed(refusal.apply(response, now));
        }
        try {
            return read.apply(JsonAnswers.object(response));
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(unreadable.apply(e));
        }
    }
}
