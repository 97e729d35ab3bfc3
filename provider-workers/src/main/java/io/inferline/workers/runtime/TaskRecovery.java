package io.inferline.workers.runtime;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live task steps of {@code provider-tasks} partitions a worker group has no committed offset for (its
 * first start, or offsets expired while every worker was down). Reading such a partition from its start would
 * take every superseded step of every task as live and poll finished tasks again; instead the partition is
 * read to its end once, only the newest record of each task is kept, and consumption starts at the end.
 */
final class TaskRecovery {

    /** Where to start consuming, and the newest record of each task before it. */
    record Recovered(long endOffset, List<ConsumerRecord<byte[], byte[]>> newest) {
    }

    private TaskRecovery() {
    }

    static Map<TopicPartition, Recovered> scan(Map<String, Object> clientConfig, Set<TopicPartition> partitions, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "task-recovery-" + System.identityHashCode(partitions));
        Map<TopicPartition, Recovered> recovered = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions, timeout);
            Map<TopicPartition, Map<ByteBuffer, ConsumerRecord<byte[], byte[]>>> newest = new HashMap<>();
            partitions.forEach(partition -> newest.put(partition, new LinkedHashMap<>()));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!caughtUp(reader, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new TimeoutException("could not read " + partitions + " to their end in " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition())) && record.key() != null) {
                        Map<ByteBuffer, ConsumerRecord<byte[], byte[]>> byKey = newest.get(new TopicPartition(record.topic(), record.partition()));
                        ByteBuffer key = ByteBuffer.wrap(record.key());
                        byKey.remove(key); // re-inserted last: the newest records stay in log order
                        byKey.put(key, record);
                    }
                }
            }
            ends.forEach((partition, end) -> recovered.put(partition, new Recovered(end, new ArrayList<>(newest.get(partition).values()))));
        }
        return recovered;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
