package io.inferline.cli.jobs;

import io.inferline.avro.BatchJob;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;

/** The job records of the compacted {@code batch-jobs} topic, read to its end: the newest record per job. */
public final class JobRecords {

    private JobRecords() {
    }

    public static Map<String, BatchJob> all(KafkaAccess kafka) {
        String topic = kafka.topics().batchJobs().name();
        Deserializer<BatchJob> values = kafka.valueDeserializer(kafka.topics().batchJobs());
        Map<String, BatchJob> jobs = new LinkedHashMap<>();
        try (TopicReader reader = TopicReader.fromBeginning(kafka, topic)) {
            reader.readToEnd(record -> {
                if (record.key() == null) {
                    return;
                }
                String jobId = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    jobs.remove(jobId);
                } else {
                    jobs.put(jobId, values.deserialize(topic, record.headers(), record.value()));
                }
            });
        }
        return jobs;
    }

    public static Optional<BatchJob> find(KafkaAccess kafka, String jobId) {
        return Optional.ofNullable(all(kafka).get(jobId));
    }
}
