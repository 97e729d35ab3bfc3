package io.inferline.cli.kafka;

import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of one topic without a consumer group (nothing is committed, nothing is
 * left behind on the cluster), read_committed: to the end as it is now, or on until a condition holds.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    /** A read that makes no progress for this long while records are still due has lost the cluster. */
    private static final Duration STALL = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions;
    private Map<TopicPartition, Long> beginning;

    private TopicReader(KafkaConsumer<byte[], byte[]> consumer, String topic, boolean fromEnd) {
        this.consumer = consumer;
        this.topic = topic;
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new CliException(ExitCode.UNAVAILABLE, "topic " + topic
                    + " does not exist: provision the topics (./inferline up does) or check --topic-prefix");
        }
        this.partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);   // fix the start now, before anything is produced
        } else {
            consumer.seekToBeginning(partitions);
        }
    }

    /** A reader positioned at the first record of every partition. */
    public static TopicReader fromBeginning(KafkaAccess kafka, String topic) {
        return new TopicReader(kafka.consumer(), topic, false);
    }

    /** A reader positioned after the last record of every partition: it sees only what comes next. */
    public static TopicReader fromEnd(KafkaAccess kafka, String topic) {
        return new TopicReader(kafka.consumer(), topic, true);
    }

    public String topic() {
        return topic;
    }

    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** The end of every partition now (read_committed: the last stable offset). */
    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    /** Hands every record up to the current end to {@code handler}. */
    public void readToEnd(Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        Map<TopicPartition, Long> end = endOffsets();
        readUntil(handler, () -> reached(end), null);
    }

    /**
     * Hands records to {@code handler} until {@code done} holds (checked after every poll), or until
     * {@code deadlineNanos} ({@link System#nanoTime()} based; null: none) passes, when it returns false.
     */
    public boolean readUntil(Consumer<ConsumerRecord<byte[], byte[]>> handler, BooleanSupplier done, Long deadlineNanos) {
        Map<TopicPartition, Long> lastPositions = positions();
        long lastProgress = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (deadlineNanos != null && System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                handler.accept(record);
            }
            Map<TopicPartition, Long> now = positions();
            if (!now.equals(lastPositions)) {
                lastPositions = now;
                lastProgress = System.nanoTime();
            } else if (deadlineNanos == null && System.nanoTime() - lastProgress > STALL.toNanos() && !done.getAsBoolean()
                    && !reached(endOffsetsOrEmpty())) {
                throw new CliException(ExitCode.UNAVAILABLE, "reading " + topic + " made no progress for " + STALL.toSeconds()
                        + " s: check the cluster is up (./inferline up) and --bootstrap-servers");
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> endOffsetsOrEmpty() {
        try {
            return endOffsets();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return Map.of();
        }
    }

    /** Whether every partition has been read up to {@code end}. */
    public boolean reached(Map<TopicPartition, Long> end) {
        if (end.isEmpty()) {
            return false;
        }
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Records read so far against the end offsets, for a progress bar: {@code [read, total]} over all partitions. */
    public long[] progress(Map<TopicPartition, Long> end) {
        if (beginning == null) {
            beginning = consumer.beginningOffsets(partitions);
        }
        Map<TopicPartition, Long> positions = positions();
        long read = 0;
        long total = 0;
        for (TopicPartition partition : partitions) {
            long first = beginning.getOrDefault(partition, 0L);
            long endOffset = end.getOrDefault(partition, 0L);
            total += Math.max(0, endOffset - first);
            read += Math.max(0, Math.min(positions.get(partition), endOffset) - first);
        }
        return new long[] {read, total};
    }

    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    /** Moves one partition's position (dead-letter lookups). */
    public void seek(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
