package io.inferline.workers.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records of one partition in offset order, each with its outputs once finished. Requests finish
 * out of order (upstream latencies differ); outputs are released only for the finished prefix, with
 * the offset after it, so a committed offset never covers a request whose outputs were not in the
 * same transaction — the condition for exactly-once results.
 */
final class PartitionLedger {

    /** One record's place; its outputs are null until it finishes. */
    static final class Slot {
        final long offset;
        private List<ProducerRecord<byte[], byte[]>> outputs;

        private Slot(long offset) {
            this.offset = offset;
        }

        void finish(List<ProducerRecord<byte[], byte[]>> records) {
            this.outputs = List.copyOf(records);
        }

        boolean finished() {
            return outputs != null;
        }
    }

    /** The outputs to commit and the offset to commit with them. */
    record Release(List<ProducerRecord<byte[], byte[]>> outputs, OptionalLong nextOffset) {
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();

    Slot open(long offset) {
        Slot slot = new Slot(offset);
        slots.addLast(slot);
        return slot;
    }

    /** Takes the finished prefix: its outputs in offset order and the offset to commit after them. */
    Release releaseFinished() {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        long next = -1;
        while (!slots.isEmpty() && slots.peekFirst().finished()) {
            Slot slot = slots.pollFirst();
            outputs.addAll(slot.outputs);
            next = slot.offset + 1;
        }
        return new Release(outputs, next < 0 ? OptionalLong.empty() : OptionalLong.of(next));
    }

    int open() {
        return slots.size();
    }
}
