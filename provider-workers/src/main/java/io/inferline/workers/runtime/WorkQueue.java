package io.inferline.workers.runtime;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which request calls upstream next and which source lanes may be read. Interactive requests
 * always go first; batch lines get a free slot only when no interactive request is waiting for one,
 * so an interactive request waits behind at most the calls already in flight, never behind the
 * batch backlog (which stays in Kafka: the batch partitions are paused while interactive work
 * waits). Requests waiting for a retry sit in a timer queue and hold no connection.
 */
final class WorkQueue {

    private final int maxInFlight;
    private final ArrayDeque<Work> interactive = new ArrayDeque<>();
    private final ArrayDeque<Work> batch = new ArrayDeque<>();
    private final PriorityQueue<Work> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.dueAtMs, b.dueAtMs));
    private final Map<Lane, Integer> buffered = new EnumMap<>(Lane.class);
    private int inFlight;

    WorkQueue(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        for (Lane lane : Lane.values()) {
            buffered.put(lane, 0);
        }
    }

    /** A record taken from its source lane; it counts against that lane until {@link #released}. */
    void accepted(Work work) {
        buffered.merge(work.lane, 1, Integer::sum);
    }

    void released(Work work) {
        buffered.merge(work.lane, -1, Integer::sum);
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

    /** The next request to call upstream, if a slot is free and one is ready. */
    Work next(long nowMs) {
        while (!waiting.isEmpty() && waiting.peek().dueAtMs <= nowMs) {
            Work due = waiting.poll();
            (due.batch() ? batch : interactive).addLast(due);
        }
        if (inFlight >= maxInFlight) {
            return null;
        }
        Work next = !interactive.isEmpty() ? interactive.pollFirst() : batch.pollFirst();
        if (next != null) {
            inFlight++;
        }
        return next;
    }

    /** Puts back a request {@link #next} gave but that could not start (e.g. the provider's rate limit). */
    void putBack(Work work) {
        inFlight--;
        (work.batch() ? batch : interactive).addFirst(work);
    }

    void callEnded() {
        inFlight--;
    }

    int inFlight() {
        return inFlight;
    }

    /** Whether records may be read from {@code lane} now. */
    boolean mayRead(Lane lane) {
        return switch (lane) {
            case INTERACTIVE, RETRY -> buffered.get(lane) < 2 * maxInFlight;
            case BATCH -> buffered.get(Lane.BATCH) < maxInFlight && interactive.isEmpty();
        };
    }

    /** Forgets queued work of partitions this worker no longer owns; calls in flight finish and are ignored. */
    void drop(Collection<TopicPartition> partitions) {
        java.util.function.Predicate<Work> gone = w -> partitions.contains(new TopicPartition(w.source.topic(), w.source.partition()));
        for (var queue : java.util.List.of(interactive, batch)) {
            queue.removeIf(w -> gone.test(w) && countDown(w));
        }
        waiting.removeIf(w -> gone.test(w) && countDown(w));
    }

    private boolean countDown(Work work) {
        released(work);
        return true;
    }

    /** Milliseconds until the earliest waiting request is due, or -1. */
    long msUntilNextDue(long nowMs) {
        return waiting.isEmpty() ? -1 : Math.max(0, waiting.peek().dueAtMs - nowMs);
    }

    int buffered(Lane lane) {
        return buffered.get(lane);
    }
}
