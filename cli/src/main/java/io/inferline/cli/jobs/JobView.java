package io.inferline.cli.jobs;

import io.inferline.avro.BatchJob;
import io.inferline.avro.JobState;
import java.time.Instant;
import java.util.Locale;

/**
 * A job as the user sees it: its state (lower case words: "in progress") and counts.
 *
 * @param createdAt null when not known
 */
public record JobView(String jobId, String accountId, String state, JobCounts counts, Instant createdAt, Instant updatedAt) {

    /** {@code IN_PROGRESS} → {@code "in progress"}; any case and separator is accepted. */
    public static String displayState(String state) {
        return state == null ? "unknown" : state.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
    }

    /**
     * The state computed from the job record and the answers counted: the record's final states stand;
     * a job with every request answered is completed (or cancelled, when a cancel was asked for).
     */
    public static JobState derive(JobState recorded, JobCounts counts) {
        return io.inferline.schemas.jobs.JobStates.derive(recorded, counts.total(), counts.total() - counts.pending());
    }

    /** The view computed from the topics (the slow path). */
    public static JobView fromTopics(BatchJob job, JobCounts counts) {
        return new JobView(job.getJobId(), job.getAccountId(), displayState(derive(job.getState(), counts).name()), counts,
                job.getCreatedAt(), job.getUpdatedAt());
    }

    /** Whether nothing more will happen to the job. */
    public boolean finished() {
        return switch (state) {
            case "completed", "failed", "cancelled", "expired" -> true;
            default -> false;
        };
    }
}
