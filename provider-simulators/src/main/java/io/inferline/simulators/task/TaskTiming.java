package io.inferline.simulators.task;

/**
 * How simulated tasks of a provider (or one model) run: how long from creation to a terminal state, and how
 * often they fail. A task is queued for its first fifth, then running, then succeeded or failed.
 *
 * @param minDurationMs shortest run, creation to terminal state
 * @param maxDurationMs longest run (each task draws uniformly in between)
 * @param failureRate   share of tasks that end failed instead of succeeded, 0 to 1
 */
public record TaskTiming(long minDurationMs, long maxDurationMs, double failureRate) {

    public TaskTiming {
        if (minDurationMs < 0 || maxDurationMs < minDurationMs) {
            throw new IllegalArgumentException("task duration must be 0 <= min <= max, got " + minDurationMs + ".." + maxDurationMs);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("task failure rate must be between 0 and 1, got " + failureRate);
        }
    }

    /** Tasks of 1.5 to 2.5 seconds that always succeed: long enough to be polled a few times, short enough for a demo. */
    public static TaskTiming defaults() {
        return new TaskTiming(1_500, 2_500, 0);
    }

    public static TaskTiming lasting(long minMs, long maxMs) {
        return new TaskTiming(minMs, maxMs, 0);
    }

    public TaskTiming withFailureRate(double rate) {
        return new TaskTiming(minDurationMs, maxDurationMs, rate);
    }
}
