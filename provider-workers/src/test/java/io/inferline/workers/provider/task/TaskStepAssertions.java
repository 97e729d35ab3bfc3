package io.inferline.workers.provider.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.AdapterResult;

/** Checks of task steps that the task adapters' tests make alike. */
public final class TaskStepAssertions {

    private TaskStepAssertions() {
    }

    /** The failure of a step that must be a failed call. */
    public static AdapterResult.Failure callFailure(TaskStep step) {
        assertThat(step).isInstanceOf(TaskStep.CallFailed.class);
        return ((TaskStep.CallFailed) step).failure();
    }
}
