package io.inferline.cli.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.cli.jobs.JobCounts;
import io.inferline.cli.jobs.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The billing API's answers, read by the one class that knows their shapes. */
class BillingJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJob() throws Exception {
        JobView job = BillingJson.job(JSON.readTree("""
                {"job_id":"job-1","account_id":"acct","state":"IN_PROGRESS","total":10,"succeeded":6,"failed":1,"cancelled":0,
                 "pending":3,"created_at":"2026-01-01T00:00:00Z","updated_at":1767225660000}"""));
        assertThat(job.jobId()).isEqualTo("job-1");
        assertThat(job.accountId()).isEqualTo("acct");
        assertThat(job.state()).isEqualTo("in progress");
        assertThat(job.counts()).isEqualTo(new JobCounts(10, 6, 1, 0, 3));
        assertThat(job.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(job.updatedAt()).isEqualTo(Instant.ofEpochMilli(1767225660000L));
    }

    @Test
    void jobsAndAMissingPendingCount() throws Exception {
        List<JobView> jobs = BillingJson.jobs(JSON.readTree("{\"jobs\":[{\"job_id\":\"a\",\"state\":\"completed\",\"total\":2,\"succeeded\":2}]}"));
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.counts().pending()).isZero();
            assertThat(job.finished()).isTrue();
        });
    }

    @Test
    void aBalance() throws Exception {
        BillingJson.Balance balance = BillingJson.balance(JSON.readTree("""
                {"account_id":"acct","balance_micros":25000000,"reserved_micros":1500,"lifetime_granted_micros":30000000,
                 "lifetime_spent_micros":5000000,"updated_at":"2026-01-01T00:00:00Z"}"""));
        assertThat(balance.availableMicros()).isEqualTo(25_000_000 - 1_500);
        assertThat(balance.grantedMicros()).isEqualTo(30_000_000);
        assertThat(balance.spentMicros()).isEqualTo(5_000_000);
    }

    @Test
    void usageRows() throws Exception {
        List<BillingJson.UsageRow> rows = BillingJson.usage(JSON.readTree("""
                {"account_id":"acct","window":"1h","rows":[{"model":"gpt-4o-mini","slug":"openai/gpt-4o-mini","requests":5,
                  "successes":4,"errors":1,"cache_hits":1,"input_tokens":100,"output_tokens":50,"cost_micros":42,
                  "units":{"NONE":0,"IMAGES":2,"SECONDS":0},
                  "latency":{"count":4,"p50_ms":100}}],"total":{"requests":5}}"""));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.provider()).as("from the slug").isEqualTo("openai");
            assertThat(row.errors()).isEqualTo(1);
            assertThat(row.costMicros()).isEqualTo(42);
            assertThat(row.units()).as("by kind, kinds of nothing left out").isEqualTo(Map.of("IMAGES", 2L));
        });
    }

    @Test
    void everyAccountsModelsAndErrorsByCode() throws Exception {
        List<BillingJson.UsageRow> models = BillingJson.usage(JSON.readTree(
                "{\"models\":[{\"slug\":\"cohere/embed-v4.0\",\"provider\":\"cohere\",\"cost_micros\":7,\"requests\":3}]}"));
        assertThat(models).singleElement().satisfies(row -> {
            assertThat(row.slug()).isEqualTo("cohere/embed-v4.0");
            assertThat(row.requests()).isEqualTo(3);
            assertThat(row.costMicros()).isEqualTo(7);
        });
        List<BillingJson.UsageRow> windows = BillingJson.usage(JSON.readTree(
                "{\"windows\":[{\"slug\":\"a/b\",\"errors\":{\"x\":2,\"y\":1}}]}"));
        assertThat(windows).singleElement().satisfies(row -> assertThat(row.errors()).isEqualTo(3));
    }
}
