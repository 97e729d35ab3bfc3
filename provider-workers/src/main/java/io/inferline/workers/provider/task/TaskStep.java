package io.inferline.workers.provider.task;

import io.inferline.avro.ErrorInfo;
import io.inferline.avro.TaskState;
import io.inferline.workers.provider.AdapterResult;
import java.time.Duration;
import java.util.Optional;

/** Where a provider task stands after a create or status answer. */
public sealed interface TaskStep {

    /**
     * Created or still going.
     *
     * @param handle         what the next poll needs (the same handle, or one with more values)
     * @param state          PENDING (queued, throttled) or RUNNING
     * @param providerStatus the provider's own status word, e.g. {@code THROTTLED}
     * @param pollAfter      the provider's suggested wait before the next poll, when it gives one
     */
    record Running(TaskHandle handle, TaskState state, String providerStatus, Optional<Duration> pollAfter) implements TaskStep {

        public Running {
            if (state != TaskState.PENDING && state != TaskState.RUNNING) {
                throw new IllegalArgumentException("a running task is PENDING or RUNNING, not " + state);
            }
        }
    }

    /** Ended well: the normalized answer (outputs as references or inline bytes) and its usage. */
    record Succeeded(AdapterResult.Success result, String providerStatus) implements TaskStep {
    }

    /**
     * Ended without output: FAILED (with the provider's reason), CANCELLED or EXPIRED. Not retried: the task ran
     * and the provider gave its verdict.
     */
    record Ended(TaskState state, String providerStatus, ErrorInfo error) implements TaskStep {

        public Ended {
            if (state != TaskState.FAILED && state != TaskState.CANCELLED && state != TaskState.EXPIRED) {
                throw new IllegalArgumentException("an ended task is FAILED, CANCELLED or EXPIRED, not " + state);
            }
        }
    }

    /**
     * The call itself failed (an HTTP error, an unreadable answer): a refused create created nothing and follows
     * the retry rules of a plain call; a failed poll is repeated after a backoff while the task goes on upstream.
     */
    record CallFailed(AdapterResult.Failure failure) implements TaskStep {
    }
}
