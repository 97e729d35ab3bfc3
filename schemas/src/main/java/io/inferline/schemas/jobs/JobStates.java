package io.inferline.schemas.jobs;

import io.inferline.avro.JobState;

/**
 * A batch job's state from its record on {@code batch-jobs} (written when it is submitted or cancelled) and
 * the answers counted so far: one rule, shared by the billing aggregator's job queries and the CLI's own count.
 */
public final class JobStates {

    private JobStates() {
    }

    /** Final states of the record stand; a job with every line answered is completed, or cancelled when a cancel was asked for. */
    public static JobState derive(JobState recorded, long total, long answered) {
        boolean allAnswered = total > 0 && answered >= total;
        return switch (recorded) {
            case COMPLETED, FAILED, CANCELLED, EXPIRED -> recorded;
            case CANCELLING -> allAnswered ? JobState.CANCELLED : JobState.CANCELLING;
            default -> allAnswered ? JobState.COMPLETED : JobState.IN_PROGRESS;
        };
    }
}
