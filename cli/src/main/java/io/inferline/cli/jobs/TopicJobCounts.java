package io.inferline.cli.jobs;

import io.inferline.avro.BatchJob;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job progress computed from the topics alone, without the billing service: the job records of
 * {@code batch-jobs} and every answer on {@code inference-responses}. The slow path: it reads the
 * whole response topic.
 */
public final class TopicJobCounts {

    private final KafkaAccess kafka;

    public TopicJobCounts(KafkaAccess kafka) {
        this.kafka = kafka;
    }

    public Optional<JobView> job(String jobId) {
        return JobRecords.find(kafka, jobId).map(job -> views(Map.of(jobId, job)).get(0));
    }

    /** Every job (of {@code account}, or of all accounts when null), oldest first. */
    public List<JobView> jobs(String account) {
        Map<String, BatchJob> jobs = new HashMap<>();
        JobRecords.all(kafka).forEach((id, job) -> {
            if (account == null || account.equals(job.getAccountId())) {
                jobs.put(id, job);
            }
        });
        List<JobView> views = views(jobs);
        views.sort(java.util.Comparator.comparing(JobView::createdAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return views;
    }

    private List<JobView> views(Map<String, BatchJob> jobs) {
        kafka.requireTopics(kafka.topics().inferenceResponses().name());
        Map<String, Map<String, ResponseStatus>> answers = new HashMap<>();
        jobs.keySet().forEach(id -> answers.put(id, new HashMap<>()));
        ResponseRecords records = new ResponseRecords(kafka);
        try (TopicReader reader = TopicReader.fromBeginning(kafka, kafka.topics().inferenceResponses().name())) {
            reader.readToEnd(record -> records.decode(record, answers::containsKey).ifPresent(response -> take(answers, response)));
        }
        List<JobView> views = new ArrayList<>();
        jobs.forEach((id, job) -> {
            JobCounts.Tally tally = new JobCounts.Tally();
            answers.get(id).values().forEach(tally::add);
            views.add(JobView.fromTopics(job, tally.counts(job.getTotal())));
        });
        return views;
    }

    private static void take(Map<String, Map<String, ResponseStatus>> answers, InferenceResponse response) {
        Map<String, ResponseStatus> job = response.getJobId() == null ? null : answers.get(response.getJobId());
        if (job == null) {
            return;
        }
        ResponseStatus known = job.get(response.getRequestId());
        if (known == null || JobResponses.replaces(known, response.getStatus())) {
            job.put(response.getRequestId(), response.getStatus());
        }
    }
}
