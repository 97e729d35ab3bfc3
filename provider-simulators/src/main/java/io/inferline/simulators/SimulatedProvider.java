package io.inferline.simulators;

import io.inferline.simulators.task.TaskBoard;
import java.util.Optional;

/**
 * One provider's wire protocol: what it refuses, what it answers, and how its errors look.
 * Implementations are stateless apart from counters, and are called from many threads.
 */
public interface SimulatedProvider {

    /** The provider id, also the path prefix: openai, anthropic, google, workers-ai, recraft, inworld. */
    String id();

    /** A rejection when the credentials or required headers are wrong, as the real API answers them. */
    Optional<SimResponse> checkHeaders(SimRequest request);

    /** Validates the request and builds the answer for a valid one. */
    Handling handle(SimRequest request);

    /**
     * An error answer in this provider's shape and headers.
     *
     * @param retryAfterSeconds the wait to announce on 429 (and other retryable statuses the provider annotates)
     */
    SimResponse error(int status, String message, int retryAfterSeconds);

    /** The provider's asynchronous tasks, for providers with a create-then-poll API. */
    default Optional<TaskBoard> tasks() {
        return Optional.empty();
    }
}
