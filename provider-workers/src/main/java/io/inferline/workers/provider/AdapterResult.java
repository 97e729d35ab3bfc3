package io.inferline.workers.provider;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Output;
import io.inferline.avro.Usage;
import io.inferline.workers.retry.UpstreamFailure;
import java.util.Optional;

/** What an adapter read from an upstream answer. */
public sealed interface AdapterResult {

    /**
     * A normalized answer.
     *
     * @param usage             tokens and units as the provider reported them
     * @param upstreamRequestId the provider's id for the call (a response header or body field), when it gives one
     */
    record Success(Output output, Usage usage, Optional<String> upstreamRequestId) implements AdapterResult {
    }

    /**
     * A failed call, classified.
     *
     * @param outcome   how the attempt is recorded (RETRYABLE_ERROR, RATE_LIMITED, FATAL_ERROR, INVALID_RESPONSE, ...)
     * @param errorCode a short machine-readable code, the provider's error type where it has one (e.g. {@code overloaded_error})
     * @param message   the provider's error message, for the client; the runtime redacts credentials from it
     */
    record Failure(UpstreamFailure failure, AttemptOutcome outcome, String errorCode, String message,
                   Optional<String> upstreamRequestId) implements AdapterResult {
    }
}
