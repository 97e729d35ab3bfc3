package io.inferline.billing.topology;

import io.inferline.avro.UsageWindow;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts a usage window in the partition its account id would get as a key (the default
 * partitioner's murmur2), so the usage-windows topics are co-partitioned with the account topics
 * although their keys name the model and window too.
 */
final class AccountPartitioner implements StreamPartitioner<String, UsageWindow> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, UsageWindow window, int numPartitions) {
        byte[] account = window.getAccountId().getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(account)) % numPartitions));
    }
}
