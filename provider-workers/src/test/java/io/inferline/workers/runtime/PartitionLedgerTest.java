package io.inferline.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private static ProducerRecord<byte[], byte[]> output(String name) {
        return new ProducerRecord<>(name, new byte[0]);
    }

    @Test
    void onlyTheFinishedPrefixIsReleasedWithTheOffsetAfterIt() {
        PartitionLedger ledger = new PartitionLedger();
        PartitionLedger.Slot first = ledger.open(10);
        PartitionLedger.Slot second = ledger.open(11);
        PartitionLedger.Slot third = ledger.open(12);

        second.finish(List.of(output("b")));
        third.finish(List.of(output("c1"), output("c2")));
        PartitionLedger.Release nothingYet = ledger.releaseFinished();
        assertThat(nothingYet.outputs()).isEmpty();
        assertThat(nothingYet.nextOffset()).isEmpty();

        first.finish(List.of());
        PartitionLedger.Release all = ledger.releaseFinished();
        assertThat(all.outputs()).extracting(ProducerRecord::topic).containsExactly("b", "c1", "c2");
        assertThat(all.nextOffset()).hasValue(13);
        assertThat(ledger.open()).isZero();
        assertThat(ledger.releaseFinished().nextOffset()).isEmpty();
    }

    @Test
    void aRecordWithoutOutputsStillMovesTheOffset() {
        PartitionLedger ledger = new PartitionLedger();
        ledger.open(0).finish(List.of());

        assertThat(ledger.releaseFinished().nextOffset()).hasValue(1);
    }
}
