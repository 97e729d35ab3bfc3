package io.inferline.workers.runtime;

import io.inferline.avro.Attempt;
import io.inferline.avro.RoutedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One consumed request while the worker works on it: its source record, its attempts so far, when it may run. */
final class Work {
    final ConsumerRecord<byte[], byte[]> source;
    final Lane lane;
    final RoutedRequest routed;
    final PartitionLedger.Slot slot;
    final List<Attempt> attempts;
    /** Calls made to the current model, counting those made before this record (retry topic). */
    int callsOnModel;
    Instant firstFailureAt;
    long dueAtMs;
    /** The partition's generation when the record was taken; a call answering after a rebalance is ignored. */
    long generation;

    Work(ConsumerRecord<byte[], byte[]> source, Lane lane, RoutedRequest routed, PartitionLedger.Slot slot) {
        this.source = source;
        this.lane = lane;
        this.routed = routed;
        this.slot = slot;
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
