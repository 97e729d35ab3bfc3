package io.inferline.cli.jobs;

import io.inferline.avro.ResponseStatus;

/**
 * How far a job is: of {@code total} requests, how many succeeded, failed (any error status), were
 * cancelled, or have no answer yet.
 */
public record JobCounts(long total, long succeeded, long failed, long cancelled, long pending) {

    /** Counts answers by outcome. */
    public static final class Tally {
        private long succeeded;
        private long failed;
        private long cancelled;

        public void add(ResponseStatus status) {
            switch (status) {
                case SUCCEEDED -> succeeded++;
                case CANCELLED -> cancelled++;
                default -> failed++;
            }
        }

        public void remove(ResponseStatus status) {
            switch (status) {
                case SUCCEEDED -> succeeded--;
                case CANCELLED -> cancelled--;
                default -> failed--;
            }
        }

        public JobCounts counts(long total) {
            long answered = succeeded + failed + cancelled;
            return new JobCounts(Math.max(total, answered), succeeded, failed, cancelled, Math.max(0, total - answered));
        }
    }
}
