package io.inferline.workers.runtime;

import static io.inferline.workers.runtime.RoutedRequests.chat;
import static io.inferline.workers.runtime.RoutedRequests.work;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final WorkQueue queue = new WorkQueue(2);

    private Work taken(String id, Lane lane, String jobId, long dueAtMs) {
        Work work = work("t-" + lane, 0, id.hashCode() & 0xffff, lane, chat(id, jobId));
        work.dueAtMs = dueAtMs;
        queue.accepted(work);
        queue.schedule(work, 0);
        return work;
    }

    @Test
    void interactiveWorkTakesTheNextFreeSlotBeforeAnyBatchLine() {
        taken("b1", Lane.BATCH, "job", 0);
        taken("b2", Lane.BATCH, "job", 0);
        taken("b3", Lane.BATCH, "job", 0);
        Work first = queue.next(0);
        assertThat(first.requestId()).isEqualTo("b1");

        taken("i1", Lane.INTERACTIVE, null, 0);
        assertThat(queue.next(0).requestId()).isEqualTo("i1");
        assertThat(queue.next(0)).as("both slots in use").isNull();

        queue.callEnded(first);
        assertThat(queue.next(0).requestId()).isEqualTo("b2");
    }

    @Test
    void batchPartitionsAreNotReadWhileInteractiveWorkWaitsOrTheBatchShareIsFull() {
        assertThat(queue.mayRead(Lane.BATCH)).isTrue();
        taken("b1", Lane.BATCH, "job", 0);
        taken("b2", Lane.BATCH, "job", 0);
        assertThat(queue.mayRead(Lane.BATCH)).as("batch holds as many as there are slots").isFalse();
        assertThat(queue.mayRead(Lane.INTERACTIVE)).isTrue();

        WorkQueue other = new WorkQueue(4);
        Work interactive = work("i", 0, 1, Lane.INTERACTIVE, chat("i1", null));
        other.accepted(interactive);
        other.schedule(interactive, 0);
        assertThat(other.mayRead(Lane.BATCH)).as("an interactive request is waiting for a slot").isFalse();
        other.next(0);
        assertThat(other.mayRead(Lane.BATCH)).isTrue();
    }

    @Test
    void interactivePartitionsPauseWhenTwiceTheSlotsAreBuffered() {
        for (int i = 0; i < 3; i++) {
            taken("i" + i, Lane.INTERACTIVE, null, 0);
        }
        assertThat(queue.mayRead(Lane.INTERACTIVE)).isTrue();
        Work fourth = taken("i3", Lane.INTERACTIVE, null, 0);
        assertThat(queue.mayRead(Lane.INTERACTIVE)).isFalse();

        queue.released(fourth);
        assertThat(queue.mayRead(Lane.INTERACTIVE)).isTrue();
    }

    @Test
    void aWaitingRetryRunsWhenDueAndHoldsNoSlotMeanwhile() {
        taken("later", Lane.RETRY, null, 1_000);
        taken("now", Lane.INTERACTIVE, null, 0);

        assertThat(queue.next(0).requestId()).isEqualTo("now");
        assertThat(queue.next(999)).isNull();
        assertThat(queue.msUntilNextDue(400)).isEqualTo(600);
        assertThat(queue.next(1_000).requestId()).isEqualTo("later");
    }

    @Test
    void releasingTwiceOrEndingACallOfDroppedWorkNeverMakesTheCountsDrift() {
        Work work = taken("w", Lane.INTERACTIVE, null, 0);
        assertThat(queue.next(0)).isSameAs(work);
        queue.drop(List.of(new TopicPartition(work.source.topic(), work.source.partition())));
        queue.released(work);
        queue.released(work);
        assertThat(queue.buffered(Lane.INTERACTIVE)).isZero();
        assertThat(queue.inFlight()).as("the call is still out").isEqualTo(1);
        queue.callEnded(work);
        queue.callEnded(work);
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void workOfARevokedPartitionIsDroppedAndNoLongerCounts() {
        Work kept = taken("kept", Lane.INTERACTIVE, null, 0);
        Work revoked = work("gone", 3, 1, Lane.INTERACTIVE, chat("revoked", null));
        queue.accepted(revoked);
        queue.schedule(revoked, 0);

        queue.drop(List.of(new TopicPartition("gone", 3)));

        assertThat(queue.buffered(Lane.INTERACTIVE)).isEqualTo(1);
        assertThat(queue.next(0)).isSameAs(kept);
        assertThat(queue.next(0)).isNull();
    }
}
