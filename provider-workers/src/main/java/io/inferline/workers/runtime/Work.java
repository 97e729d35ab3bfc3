package io.inferline.workers.runtime;

import io.inferline.avro.Attempt;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RoutedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record while the worker works on it: a routed request (its attempts so far, when it may run), or
 * the next step of a provider task (with the request it serves).
 */
final class Work {
    final ConsumerRecord<byte[], byte[]> source;
    final Lane lane;
    final RoutedRequest routed;
    final PartitionLedger.Slot slot;
    /** The task this step goes on with, for records of {@code provider-tasks}; null for a routed request. */
    final ProviderTaskState task;
    /** Set when the task's deadline passed and the call in flight cancels it upstream. */
    boolean cancelling;
    final List<Attempt> attempts;
    /** Calls made to the current model, counting those made before this record (retry topic). */
    int callsOnModel;
    Instant firstFailureAt;
    long dueAtMs;
    /** The partition's generation when the record was taken; a call answering after a rebalance is ignored. */
    long generation;

    Work(ConsumerRecord<byte[], byte[]> source, Lane lane, RoutedRequest routed, PartitionLedger.Slot slot) {
        this(source, lane, routed, slot, null);
    }

    /** The next step of {@code task}, which carries its routed request. */
    static Work taskStep(ConsumerRecord<byte[], byte[]> source, ProviderTaskState task, PartitionLedger.Slot slot) {
        return new Work(source, Lane.TASKS, task.getRoutedRequest(), slot, task);
    }

    private Work(ConsumerRecord<byte[], byte[]> source, Lane lane, RoutedRequest routed, PartitionLedger.Slot slot, ProviderTaskState task) {
        this.source = source;
        this.lane = lane;
        this.routed = routed;
        this.slot = slot;
        this.task = task;
        this.attempts = new ArrayList<>(routed.getAttempts());
        this.callsOnModel = Math.max(0, routed.getAttempt() - 1);
        this.firstFailureAt = routed.getFirstFailureAt();
    }

    /** Batch lines wait behind interactive calls even after a retry. */
    boolean batch() {
        return routed.getRequest().getJobId() != null;
    }

    String requestId() {
        return routed.getRequest().getRequestId();
    }
}
