package io.inferline.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BatchJob;
import io.inferline.avro.JobState;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.billing.BillingClient;
import io.inferline.cli.billing.BillingJson;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.text.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferline jobs status|list|cancel}. */
@Command(name = "jobs", description = "Batch jobs: their state and counts, and cancelling them.",
        subcommands = {JobsCommand.Status.class, JobsCommand.ListJobs.class, JobsCommand.Cancel.class})
public final class JobsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", description = {"State and counts of one job.",
            "From the billing service; when it cannot be reached, counted from the topics (slower)."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB", description = "The job id.")
        String jobId;

        @Override
        public Integer call() {
            CliContext context = InferlineCli.context(spec);
            BillingClient billing = new BillingClient(context.options().billingUrl());
            Optional<JobView> view;
            try {
                Optional<JsonNode> answer = billing.get(BillingJson.jobPath(jobId));
                if (answer.isPresent()) {
                    view = answer.map(BillingJson::job);
                } else {
                    context.note("the billing service does not know job " + jobId + " (yet): counting from the topics (slow path)");
                    view = slowPath(context).job(jobId);
                }
            } catch (BillingClient.Unreachable e) {
                context.note(e.getMessage() + ": counting from the topics instead (slow path)");
                view = slowPath(context).job(jobId);
            }
            JobView job = view.orElseThrow(() -> CliException.notFound("job " + jobId + " not found: check the id (inferline jobs list)"));
            print(context, job);
            return ExitCode.OK;
        }

        private static void print(CliContext context, JobView job) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("job", job.jobId());
            fields.put("account", job.accountId());
            fields.put("state", job.state());
            fields.put("total", job.counts().total());
            fields.put("succeeded", job.counts().succeeded());
            fields.put("failed", job.counts().failed());
            fields.put("cancelled", job.counts().cancelled());
            fields.put("pending", job.counts().pending());
            fields.put("created", job.createdAt());
            fields.put("updated", job.updatedAt());
            fields.forEach((name, value) -> context.out().printf("%-10s %s%n", name, value == null ? "-" : value));
            context.out().flush();
        }
    }

    @Command(name = "list", description = {"Every job (of --account, when given) with its state and counts.",
            "From the billing service; when it cannot be reached, counted from the topics (slower)."})
    static final class ListJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--all-accounts",
                description = "Every account's jobs, even when --account or INFERLINE_ACCOUNT names one.")
        boolean allAccounts;

        @Override
        public Integer call() {
            CliContext context = InferlineCli.context(spec);
            String account = allAccounts ? null : context.options().account();
            BillingClient billing = new BillingClient(context.options().billingUrl());
            List<JobView> jobs;
            try {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("account", account);
                jobs = billing.get(BillingJson.JOBS_PATH, query).map(BillingJson::jobs).orElse(List.of());
            } catch (BillingClient.Unreachable e) {
                context.note(e.getMessage() + ": counting from the topics instead (slow path)");
                jobs = slowPath(context).jobs(account);
            }
            Table table = new Table("JOB", "ACCOUNT", "STATE", "TOTAL>", "SUCCEEDED>", "FAILED>", "CANCELLED>", "PENDING>", "CREATED");
            for (JobView job : jobs) {
                table.row(job.jobId(), job.accountId(), job.state(), job.counts().total(), job.counts().succeeded(), job.counts().failed(),
                        job.counts().cancelled(), job.counts().pending(), job.createdAt() == null ? "-" : job.createdAt());
            }
            if (table.isEmpty()) {
                context.note(account == null ? "no jobs" : "no jobs for account " + account);
            } else {
                table.print(context.out());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", description = {"Cancel a job: its requests not yet routed are answered CANCELLED;",
            "requests already with a provider finish. Writes the job record with state CANCELLING."})
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB", description = "The job id.")
        String jobId;

        @Override
        public Integer call() throws Exception {
            CliContext context = InferlineCli.context(spec);
            KafkaAccess kafka = context.kafka();
            String topic = kafka.topics().batchJobs().name();
            kafka.requireTopics(topic);
            BatchJob job = JobRecords.find(kafka, jobId)
                    .orElseThrow(() -> CliException.notFound("job " + jobId + " not found on " + topic + ": check the id (inferline jobs list)"));
            switch (job.getState()) {
                case CANCELLING, CANCELLED -> {
                    context.note("job " + jobId + " is already " + JobView.displayState(job.getState().name()) + ": nothing to do");
                    return ExitCode.OK;
                }
                case COMPLETED, FAILED, EXPIRED -> throw new CliException(ExitCode.REFUSED, "job " + jobId + " is already "
                        + JobView.displayState(job.getState().name()) + ": there is nothing left to cancel");
                default -> {
                }
            }
            Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
            BatchJob cancelling = BatchJob.newBuilder(job).setState(JobState.CANCELLING).setUpdatedAt(now).build();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(null)) {
                producer.send(new ProducerRecord<>(topic, jobId.getBytes(StandardCharsets.UTF_8),
                        kafka.valueSerializer(kafka.topics().batchJobs()).serialize(topic, cancelling))).get();
            }
            context.out().println("cancelling job " + jobId + ": its requests not yet routed will be answered CANCELLED");
            context.out().flush();
            return ExitCode.OK;
        }
    }

    static TopicJobCounts slowPath(CliContext context) {
        KafkaAccess kafka = context.kafka();
        kafka.requireTopics(kafka.topics().batchJobs().name(), kafka.topics().inferenceResponses().name());
        return new TopicJobCounts(kafka);
    }
}
