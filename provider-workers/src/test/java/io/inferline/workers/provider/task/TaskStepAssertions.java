package io.inferline.workers.provider.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AttemptOutcome;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.retry.FailureKind;

/** Checks of task steps that the task adapters' tests make alike. */
public final class TaskStepAssertions {

    private TaskStepAssertions() {
    }

    /** The failure of a step that must be a failed call. */
    public static AdapterResult.Failure callFailure(TaskStep step) {
        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        return ((TaskStep.CallFailed) step).failure();
    }

    /** A status answer that could not be read: an INVALID_RESPONSE that is retried, as the task goes on upstream. */
    public static void assertUnreadablePoll(TaskStep step, String why) {
        AdapterResult.Failure failure = callFailure(step);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(why);
    }
}
