package io.inferline.workers.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's transactional producer: writes finished requests' records and their consumed offsets
 * in one transaction. Its {@code transactional.id} is fixed per instance and provider, so a new
 * producer (after a failure, or a restarted process) aborts whatever transaction the last one left
 * open. After any failure the producer is dropped and a fresh one is made on the next commit.
 */
final class TransactionalOutput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOutput.class);

    private final Map<String, Object> config;
    private KafkaProducer<byte[], byte[]> producer;

    TransactionalOutput(Map<String, Object> clientConfig, String transactionalId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        this.config = Map.copyOf(config);
    }

    /** Makes the producer if there is none, which aborts a transaction this id left open. */
    void ready() {
        if (producer == null) {
            KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
    }

    /**
     * Commits {@code outputs} with {@code offsets}; false when the transaction failed (nothing of it is
     * visible to read_committed readers, and the producer is dropped).
     *
     * @throws ProducerFencedException when another live process has this transactional id
     */
    boolean commit(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets,
                   ConsumerGroupMetadata group) {
        try {
            ready();
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output);
            }
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
            return true;
        } catch (KafkaException | IllegalStateException e) {
            if (fenced(e)) {
                throw new ProducerFencedException("fenced by another process with this instance id");
            }
            // whatever state the transaction is in (timed out, aborted, unknown), the next producer aborts it
            LOG.warn("transaction failed ({}); its records will be read and answered again", e.toString());
            discard();
            return false;
        }
    }

    /** Drops the producer; the next {@link #ready} makes a new one. */
    void discard() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the failed producer: {}", e.toString());
            }
            producer = null;
        }
    }

    /** Fencing may arrive wrapped (e.g. from a rebalance callback); it means another live process has this instance id. */
    static boolean fenced(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
