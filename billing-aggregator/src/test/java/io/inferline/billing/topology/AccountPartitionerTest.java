package io.inferline.billing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.UsageWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class AccountPartitionerTest {

    @Test
    void aWindowGoesWhereItsAccountIdWouldGoAsAKey() {
        AccountPartitioner partitioner = new AccountPartitioner();
        for (int i = 0; i < 200; i++) {
            String account = "acct-" + i;
            UsageWindow window = UsageWindow.newBuilder().setAccountId(account).setProvider("openai").setModel("gpt-4o")
                    .setSlug("openai/gpt-4o").setWindowSizeMs(60_000).setWindowStart(Instant.EPOCH)
                    .setWindowEnd(Instant.ofEpochMilli(60_000)).setLastEventAt(Instant.EPOCH).build();
            int expected = BuiltInPartitioner.partitionForKey(account.getBytes(StandardCharsets.UTF_8), 6);

            assertThat(partitioner.partitions("usage-windows-1m", account + "|openai/gpt-4o|0", window, 6))
                    .hasValue(Set.of(expected));
        }
    }
}
