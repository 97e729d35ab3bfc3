package io.inferline.simulators.task;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The tasks of one simulated provider with an asynchronous API (create, then poll): created by its create
 * endpoint, looked up by its status endpoint, cancelled by its cancel endpoint where it has one. Counts
 * creations, so a test can prove a restarted worker never created (and paid for) a task twice.
 * Safe for concurrent use.
 */
public final class TaskBoard {

    private final String idPrefix;
    private final LongSupplier clock;
    private final Random random;
    private final ConcurrentHashMap<String, SimTask> tasks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TaskTiming> byModel = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder created = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private volatile TaskTiming timing = TaskTiming.defaults();

    /**
     * @param idPrefix starts every task id, so ids of different providers never look alike
     * @param seed     seeds durations and failures, so a run with the same seed and order repeats
     */
    public TaskBoard(String idPrefix, long seed, LongSupplier clock) {
        this.idPrefix = idPrefix;
        this.clock = clock;
        this.random = new Random(seed);
    }

    public static TaskBoard wallClock(String idPrefix, long seed) {
        return new TaskBoard(idPrefix, seed, System::currentTimeMillis);
    }

    /** Timing of every model without one of its own. */
    public void timing(TaskTiming newTiming) {
        this.timing = newTiming;
    }

    /** Timing of one model; null removes its override. */
    public void timing(String model, TaskTiming modelTiming) {
        if (modelTiming == null) {
            byModel.remove(model);
        } else {
            byModel.put(model, modelTiming);
        }
    }

    /** Starts a task; {@code params} are kept for the status and result answers. */
    public SimTask create(String model, Map<String, String> params) {
        TaskTiming drawn = byModel.getOrDefault(model, timing);
        long duration;
        boolean fails;
        synchronized (random) {
            long spread = drawn.maxDurationMs() - drawn.minDurationMs();
            duration = drawn.minDurationMs() + (spread == 0 ? 0 : (long) (random.nextDouble() * (spread + 1)));
            fails = random.nextDouble() < drawn.failureRate();
        }
        String id = idPrefix + Long.toString(clock.getAsLong(), 36) + "-" + ids.incrementAndGet();
        SimTask task = new SimTask(id, model, params, clock.getAsLong(), duration, fails);
        tasks.put(id, task);
        created.increment();
        return task;
    }

    /** The task with this id, counted as a poll. */
    public Optional<SimTask> poll(String id) {
        SimTask task = id == null ? null : tasks.get(id);
        if (task != null) {
            polls.increment();
        }
        return Optional.ofNullable(task);
    }

    /** The task with this id without counting a poll (e.g. a download of its output). */
    public Optional<SimTask> find(String id) {
        return Optional.ofNullable(id == null ? null : tasks.get(id));
    }

    /** Cancels a task that has not ended yet; empty when there is no such task. */
    public Optional<Boolean> cancel(String id) {
        SimTask task = id == null ? null : tasks.get(id);
        if (task == null) {
            return Optional.empty();
        }
        boolean done = task.cancel(clock.getAsLong());
        if (done) {
            cancelled.increment();
        }
        return Optional.of(done);
    }

    public long now() {
        return clock.getAsLong();
    }

    public TaskStats stats() {
        return new TaskStats(created.sum(), polls.sum(), cancelled.sum());
    }

    /** Zeroes the counters; the tasks themselves stay and can still be polled. */
    public void resetStats() {
        created.reset();
        polls.reset();
        cancelled.reset();
    }
}
