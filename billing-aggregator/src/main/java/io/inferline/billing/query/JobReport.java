package io.inferline.billing.query;

import io.inferline.avro.BatchJob;
import io.inferline.avro.JobState;
import io.inferline.schemas.jobs.JobStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A batch job as the job queries answer it: its record on {@code batch-jobs} (account, total, a cancel asked
 * for) and the answers counted in the account's task, with the state that follows from both.
 */
public final class JobReport {

    private JobReport() {
    }

    /** The key of a job's counts in its account's task: {@code account NUL job id}. */
    public static String key(String account, String jobId) {
        return account + '\u0000' + jobId;
    }

    /** The job's answer; {@code counted} is null while none of its lines has been answered. */
    public static Map<String, Object> of(BatchJob job, BatchJob counted) {
        long succeeded = counted == null ? 0 : counted.getSucceeded();
        long failed = counted == null ? 0 : counted.getFailed();
        long cancelled = counted == null ? 0 : counted.getCancelled();
        long answered = succeeded + failed + cancelled;
        JobState state = JobStates.derive(job.getState(), job.getTotal(), answered);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job_id", job.getJobId());
        json.put("account_id", job.getAccountId());
        json.put("state", state.name().toLowerCase(Locale.ROOT));
        json.put("total", job.getTotal());
        json.put("succeeded", succeeded);
        json.put("failed", failed);
        json.put("cancelled", cancelled);
        json.put("pending", Math.max(0, job.getTotal() - answered));
        json.put("input_file", job.getInputFile());
        json.put("created_at", job.getCreatedAt().toString());
        json.put("updated_at", (counted != null && counted.getUpdatedAt().isAfter(job.getUpdatedAt()) ? counted.getUpdatedAt()
                : job.getUpdatedAt()).toString());
        return json;
    }

    /** Every job of {@code account}, newest first, from the job records and the counts of the account's task. */
    public static List<Map<String, Object>> ofAccount(String account, ReadOnlyKeyValueStore<String, BatchJob> jobs,
                                                      ReadOnlyKeyValueStore<String, BatchJob> counts) {
        List<BatchJob> mine = new ArrayList<>();
        try (KeyValueIterator<String, BatchJob> all = jobs.all()) {
            while (all.hasNext()) {
                KeyValue<String, BatchJob> job = all.next();
                if (job.value != null && account.equals(job.value.getAccountId())) {
                    mine.add(job.value);
                }
            }
        }
        mine.sort((a, b) -> b.getCreatedAt().compareTo(a.getCreatedAt()));
        List<Map<String, Object>> reports = new ArrayList<>();
        for (BatchJob job : mine) {
            reports.add(of(job, counts.get(key(account, job.getJobId()))));
        }
        return reports;
    }
}
