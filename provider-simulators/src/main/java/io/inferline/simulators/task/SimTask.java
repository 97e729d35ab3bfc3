package io.inferline.simulators.task;

import java.util.Map;

/**
 * One simulated long-running task (a video or image generation, a transcription). Its phase follows from the
 * clock alone: queued for the first fifth of its duration, then running, then succeeded or failed as drawn
 * at creation; cancelled at once when cancelled before its end.
 *
 * @param params what the create call asked for, as the provider simulator wants to remember it (prompt, duration, ...)
 */
public final class SimTask {

    /** Where a task is in its life. */
    public enum Phase { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String id;
    private final String model;
    private final Map<String, String> params;
    private final long createdAtMs;
    private final long durationMs;
    private final boolean fails;
    private volatile long cancelledAtMs = -1;

    SimTask(String id, String model, Map<String, String> params, long createdAtMs, long durationMs, boolean fails) {
        this.id = id;
        this.model = model;
        this.params = Map.copyOf(params);
        this.createdAtMs = createdAtMs;
        this.durationMs = durationMs;
        this.fails = fails;
    }

    public String id() {
        return id;
    }

    public String model() {
        return model;
    }

    public String param(String name) {
        return params.get(name);
    }

    public Map<String, String> params() {
        return params;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    /** When the task ended (or will end): creation plus its duration, or the cancellation. */
    public long endsAtMs() {
        long cancelled = cancelledAtMs;
        return cancelled >= 0 ? cancelled : createdAtMs + durationMs;
    }

    public Phase phase(long nowMs) {
        long cancelled = cancelledAtMs;
        if (cancelled >= 0 && cancelled <= nowMs) {
            return Phase.CANCELLED;
        }
        long elapsed = nowMs - createdAtMs;
        if (elapsed >= durationMs) {
            return fails ? Phase.FAILED : Phase.SUCCEEDED;
        }
        return elapsed * 5 < durationMs ? Phase.QUEUED : Phase.RUNNING;
    }

    /** 0 to 100, as providers that report progress do. */
    public int progressPercent(long nowMs) {
        if (durationMs == 0) {
            return 100;
        }
        return (int) Math.min(100, Math.max(0, (nowMs - createdAtMs) * 100 / durationMs));
    }

    /** Cancels a task that has not ended; false when it already had. */
    boolean cancel(long nowMs) {
        Phase phase = phase(nowMs);
        if (phase == Phase.SUCCEEDED || phase == Phase.FAILED || phase == Phase.CANCELLED) {
            return false;
        }
        cancelledAtMs = nowMs;
        return true;
    }
}
