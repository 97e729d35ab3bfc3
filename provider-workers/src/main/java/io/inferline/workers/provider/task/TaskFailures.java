package io.inferline.workers.provider.task;

import io.inferline.avro.AttemptOutcome;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.JsonAnswers;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.util.Optional;

/** The failures of task adapters whose create must never be repeated by a retry. */
public final class TaskFailures {

    private TaskFailures() {
    }

    /**
     * A create answered 2xx but unreadably: the task probably exists upstream, without an id to poll it by. The call
     * is not retried, since a retry would start (and pay for) a second task; polls of a known task are retried.
     */
    public static AdapterResult.Failure unreadableCreate(String provider, UpstreamResponse response, RuntimeException e) {
        AdapterResult.Failure unreadable = JsonAnswers.unreadable(provider, response, e, Optional.empty());
        UpstreamFailure fatal = new UpstreamFailure(FailureKind.FATAL, Optional.of(response.status()), Optional.empty(),
                "unreadable create answer from " + provider + "; not retried, a task may already exist");
        return new AdapterResult.Failure(fatal, unreadable.outcome(), unreadable.errorCode(), unreadable.message(),
                unreadable.upstreamRequestId());
    }

    /**
     * A successful create answer given to {@code fromUpstream} of a provider that runs every request as a task:
     * refused without a retry, since a retry would start (and pay for) another task.
     *
     * @param brand the provider's name as written in prose, e.g. {@code PixVerse}
     */
    public static AdapterResult.Failure notATask(String provider, String brand, int status) {
        UpstreamFailure failure = new UpstreamFailure(FailureKind.FATAL, Optional.of(status), Optional.empty(),
                "a " + brand + " create answer read as a synchronous answer");
        return new AdapterResult.Failure(failure, AttemptOutcome.INVALID_RESPONSE, FailureResults.INVALID_RESPONSE,
                provider + " runs every request as a task; its create answer must be read by created(), not fromUpstream()",
                Optional.empty());
    }
}
