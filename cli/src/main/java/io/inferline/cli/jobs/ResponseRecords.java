package io.inferline.cli.jobs;

import io.inferline.avro.InferenceResponse;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.schemas.topic.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes records of {@code inference-responses}. A record whose {@code inferline.job.id} header names
 * another job is skipped without decoding; one that cannot be decoded is counted and skipped, so one
 * bad record never stops a read.
 */
public final class ResponseRecords {

    private final String topic;
    private final Deserializer<InferenceResponse> values;
    private long undecodable;

    public ResponseRecords(KafkaAccess kafka) {
        this.topic = kafka.topics().inferenceResponses().name();
        this.values = kafka.valueDeserializer(kafka.topics().inferenceResponses());
    }

    /** The response in {@code record}, when its job passes {@code job} (given the job id from the header, or null). */
    public Optional<InferenceResponse> decode(ConsumerRecord<byte[], byte[]> record, Predicate<String> job) {
        if (record.value() == null) {
            return Optional.empty();
        }
        Header header = record.headers().lastHeader(TraceHeaders.JOB_ID);
        if (header != null && !job.test(new String(header.value(), StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        try {
            return Optional.of(values.deserialize(topic, record.headers(), record.value()));
        } catch (SerializationException e) {
            undecodable++;
            return Optional.empty();
        }
    }

    /** How many records could not be decoded. */
    public long undecodable() {
        return undecodable;
    }
}
