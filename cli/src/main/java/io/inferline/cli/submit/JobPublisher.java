package io.inferline.cli.submit;

import io.inferline.avro.BatchJob;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.JobState;
import io.inferline.cli.batch.BatchLine;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.schemas.topic.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Publishes a batch job in one Kafka transaction: the job record on {@code batch-jobs} and every line
 * as an {@link InferenceRequest} on {@code inference-requests}, keyed by account id. A
 * read_committed reader (the router) sees the whole job or nothing of it; an interrupted publish
 * is aborted (by the shutdown hook, else by the broker after the transaction timeout).
 */
public final class JobPublisher {

    /** What the job record says about the job. */
    public record Job(String jobId, String accountId, String inputFile, Map<String, String> metadata, Instant createdAt,
                      Instant expiresAt) {
    }

    private final KafkaAccess kafka;

    public JobPublisher(KafkaAccess kafka) {
        this.kafka = kafka;
    }

    /**
     * @param acknowledged told the number of requests the broker has acknowledged so far
     * @return the request id of every line, in line order
     */
    public List<String> publish(Job job, List<BatchLine> lines, LongConsumer acknowledged) {
        String jobsTopic = kafka.topics().batchJobs().name();
        String requestsTopic = kafka.topics().inferenceRequests().name();
        Serializer<BatchJob> jobs = kafka.valueSerializer(kafka.topics().batchJobs());
        Serializer<InferenceRequest> requests = kafka.valueSerializer(kafka.topics().inferenceRequests());
        BatchJob record = BatchJob.newBuilder()
                .setJobId(job.jobId())
                .setAccountId(job.accountId())
                .setState(JobState.IN_PROGRESS)
                .setTotal(lines.size())
                .setInputFile(job.inputFile())
                .setMetadata(job.metadata())
                .setCreatedAt(job.createdAt())
                .setUpdatedAt(job.createdAt())
                .setExpiresAt(job.expiresAt())
                .build();
        byte[] accountKey = job.accountId().getBytes(StandardCharsets.UTF_8);
        List<String> requestIds = new ArrayList<>(lines.size());
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        KafkaProducer<byte[], byte[]> producer = kafka.producer("inferline-cli-submit-" + job.jobId());
        Thread abortOnExit = new Thread(() -> abortQuietly(producer), "inferline-submit-abort");
        boolean committed = false;
        try {
            producer.initTransactions();
            Runtime.getRuntime().addShutdownHook(abortOnExit);
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(jobsTopic, null, job.jobId().getBytes(StandardCharsets.UTF_8),
                    jobs.serialize(jobsTopic, record), headers(null, job)), (metadata, e) -> failure.compareAndSet(null, e));
            for (BatchLine line : lines) {
                String requestId = UUID.randomUUID().toString();
                requestIds.add(requestId);
                InferenceRequest request = line.toRequest(requestId, job.accountId(), job.jobId(), job.createdAt(), job.expiresAt(),
                        job.metadata());
                producer.send(new ProducerRecord<>(requestsTopic, null, accountKey, requests.serialize(requestsTopic, request),
                        headers(requestId, job)), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acknowledged.accept(acked.incrementAndGet());
                            }
                        });
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
            if (failure.get() != null) {
                throw failure.get() instanceof RuntimeException runtime ? runtime
                        : new org.apache.kafka.common.KafkaException(failure.get());
            }
            producer.commitTransaction();
            committed = true;
            return requestIds;
        } finally {
            if (!committed) {
                abortQuietly(producer);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(abortOnExit);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // the hook runs (or never was added): nothing to undo
            }
            producer.close();
        }
    }

    private static RecordHeaders headers(String requestId, Job job) {
        RecordHeaders headers = new RecordHeaders();
        if (requestId != null) {
            headers.add(TraceHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(TraceHeaders.ACCOUNT_ID, job.accountId().getBytes(StandardCharsets.UTF_8));
        headers.add(TraceHeaders.JOB_ID, job.jobId().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException notInATransaction) {
            // nothing open, or the producer is already unusable: the broker aborts on timeout
        }
    }
}
