package io.inferline.workers.runtime;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which request calls upstream next and which source lanes may be read. Interactive requests
 * always go first; batch lines get a free slot only when no interactive request is waiting for one,
 * so an interactive request waits behind at most the calls already in flight, never behind the
 * batch backlog (which stays in Kafka: the batch partitions are paused while interactive work
 * waits). Requests waiting for a retry sit in a timer queue and hold no connection.
 *
 * <p>Work in hand and calls in flight are kept as sets, not counters, so releasing twice or
 * dropping a partition mid-call can never make them drift (a drifting count would pause a lane or
 * stop all calls for good).
 */
final class WorkQueue {

    private static final int TASK_STEPS_PER_SLOT = 16;

    private final int maxInFlight;
    private final ArrayDeque<Work> interactive = new ArrayDeque<>();
    private final ArrayDeque<Work> batch = new ArrayDeque<>();
    private final PriorityQueue<Work> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.dueAtMs, b.dueAtMs));
    private final Map<Lane, Set<Work>> held = new EnumMap<>(Lane.class);
    private final Set<Work> calling = Collections.newSetFromMap(new IdentityHashMap<>());

    WorkQueue(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        for (Lane lane : Lane.values()) {
            held.put(lane, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    /** A record taken from its source lane; it counts against that lane until {@link #released}. */
    void accepted(Work work) {
        held.get(work.lane).add(work);
    }

    void released(Work work) {
        held.get(work.lane).remove(work);
    }

    /** Queues work to run now, or at {@code work.dueAtMs} if later. */
    void schedule(Work work, long nowMs) {
        if (work.dueAtMs > nowMs) {
            waiting.add(work);
        } else if (work.batch()) {
            batch.addLast(work);
        } else {
            interactive.addLast(work);
        }
    }

    /** The next request to call upstream, if a slot is free and one is ready; it holds a slot until {@link #callEnded}. */
    Work next(long nowMs) {
        while (!waiting.isEmpty() && waiting.peek().dueAtMs <= nowMs) {
            Work due = waiting.poll();
            (due.batch() ? batch : interactive).addLast(due);
        }
        if (calling.size() >= maxInFlight) {
            return null;
        }
        Work next = !interactive.isEmpty() ? interactive.pollFirst() : batch.pollFirst();
        if (next != null) {
            calling.add(next);
        }
        return next;
    }

    /** Puts back a request {@link #next} gave but that could not start (e.g. the provider's rate limit). */
    void putBack(Work work) {
        calling.remove(work);
        (work.batch() ? batch : interactive).addFirst(work);
    }

    void callEnded(Work work) {
        calling.remove(work);
    }

    int inFlight() {
        return calling.size();
    }

    /** Whether records may be read from {@code lane} now. */
    boolean mayRead(Lane lane) {
        return switch (lane) {
            case INTERACTIVE, RETRY -> held.get(lane).size() < 2 * maxInFlight;
            case BATCH -> held.get(Lane.BATCH).size() < maxInFlight && interactive.isEmpty();
            // task steps mostly wait for their poll time, holding no connection: many can be in hand
            case TASKS -> held.get(Lane.TASKS).size() < TASK_STEPS_PER_SLOT * maxInFlight;
        };
    }

    /** Forgets the work of partitions this worker no longer owns; their calls in flight keep their slots until they end. */
    void drop(Collection<TopicPartition> partitions) {
        java.util.function.Predicate<Work> gone = w -> partitions.contains(new TopicPartition(w.source.topic(), w.source.partition()));
        interactive.removeIf(gone);
        batch.removeIf(gone);
        waiting.removeIf(gone);
        held.values().forEach(set -> set.removeIf(gone));
    }

    /** Milliseconds until the earliest waiting request is due, or -1. */
    long msUntilNextDue(long nowMs) {
        return waiting.isEmpty() ? -1 : Math.max(0, waiting.peek().dueAtMs - nowMs);
    }

    int buffered(Lane lane) {
        return held.get(lane).size();
    }
}
