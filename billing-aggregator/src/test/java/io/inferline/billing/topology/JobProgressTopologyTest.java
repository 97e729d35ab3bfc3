package io.inferline.billing.topology;

import static io.inferline.billing.topology.BillingFixture.CREDIT;
import static io.inferline.billing.topology.BillingFixture.START;
import static io.inferline.billing.topology.BillingFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BatchJob;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UsageEvent;
import io.inferline.billing.query.JobReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobProgressTopologyTest {

    private final BillingFixture billing = new BillingFixture();

    @AfterEach
    void close() {
        billing.close();
    }

    @Test
    void everyAnswerOfAJobIsCountedOnceByOutcomeEvenWhenItsUsageEventArrivesTwice() {
        billing.grant("acct", CREDIT);
        UsageEvent succeeded = usage("acct", "openai/gpt-4o-mini", 12, START.plusSeconds(1)).setJobId("job-7").build();
        billing.send(succeeded);
        billing.send(succeeded);   // delivered again: charged once, counted once
        billing.send(usage("acct", "openai/gpt-4o-mini", 0, START.plusSeconds(2)).setJobId("job-7")
                .setStatus(ResponseStatus.INSUFFICIENT_CREDITS).build());
        billing.send(usage("acct", "openai/gpt-4o-mini", 0, START.plusSeconds(3)).setJobId("job-7")
                .setStatus(ResponseStatus.CANCELLED).build());
        billing.send(usage("acct", "openai/gpt-4o-mini", 5, START.plusSeconds(4)).build());   // no job: not counted

        BatchJob counted = billing.jobProgressStore().get(JobReport.key("acct", "job-7"));
        assertThat(counted.getSucceeded()).isEqualTo(1);
        assertThat(counted.getFailed()).as("refused by the router: an answer too").isEqualTo(1);
        assertThat(counted.getCancelled()).isEqualTo(1);
        assertThat(counted.getUpdatedAt()).isEqualTo(START.plusSeconds(3));
        assertThat(billing.balance("acct").getBalanceMicros()).isEqualTo(CREDIT - 12 - 5);
    }
}
