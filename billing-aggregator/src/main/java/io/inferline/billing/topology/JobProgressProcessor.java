package io.inferline.billing.topology;

import io.inferline.avro.BatchJob;
import io.inferline.avro.JobState;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UsageEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the answers of each batch job from the charges the ledger let through: every request has exactly one
 * usage event (the workers write one for every request they answer, the router one for every request it answers
 * itself), and the ledger passes each request id once, so the counts are exact. They stay in the account's task
 * (all lines of a job are one account's), beside its balance, and are read by the job queries together with the
 * job's record on {@code batch-jobs}.
 */
final class JobProgressProcessor implements Processor<String, UsageEvent, Void, Void> {

    private KeyValueStore<String, BatchJob> progress;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.progress = context.getStateStore(StoreNames.JOB_PROGRESS);
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
        UsageEvent event = record.value();
        if (event.getJobId() == null) {
            return;
        }
        String key = io.inferline.billing.query.JobReport.key(event.getAccountId(), event.getJobId());
        BatchJob counted = progress.get(key);
        BatchJob.Builder next = counted != null ? BatchJob.newBuilder(counted) : BatchJob.newBuilder().setJobId(event.getJobId())
                .setAccountId(event.getAccountId()).setState(JobState.IN_PROGRESS).setCreatedAt(event.getOccurredAt());
        if (event.getStatus() == ResponseStatus.SUCCEEDED) {
            next.setSucceeded(next.getSucceeded() + 1);
        } else if (event.getStatus() == ResponseStatus.CANCELLED) {
            next.setCancelled(next.getCancelled() + 1);
        } else {
            next.setFailed(next.getFailed() + 1);
        }
        progress.put(key, next.setUpdatedAt(event.getOccurredAt()).build());
    }
}
