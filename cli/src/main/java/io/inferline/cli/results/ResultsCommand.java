package io.inferline.cli.results;

import io.inferline.avro.BatchJob;
import io.inferline.avro.InferenceResponse;
import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.jobs.JobCounts;
import io.inferline.cli.jobs.JobRecords;
import io.inferline.cli.jobs.JobResponses;
import io.inferline.cli.jobs.ResponseRecords;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.kafka.TopicReader;
import io.inferline.cli.text.Durations;
import io.inferline.cli.text.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inferline results JOB}: the job's answers from {@code inference-responses} (read_committed,
 * from the beginning, no consumer group) as OpenAI Batch output lines, one per request.
 */
@Command(name = "results", description = {
        "Write a job's results in the OpenAI Batch output format, keyed by custom_id.",
        "Without --follow: what has arrived so far. With --follow: waits until every request of the job has its answer."})
public final class ResultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JOB", description = "The job id (as printed by submit).")
    String jobId;

    @Option(names = "--follow", description = "Wait until every request of the job is answered.")
    boolean follow;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the results here (default: stdout).")
    Path output;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "Write failed, rejected, cancelled and expired lines here instead of with the results.")
    Path errors;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "With --follow: give up after this long (exit 6); default: wait as long as it takes.")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        CliContext context = InferlineCli.context(spec);
        KafkaAccess kafka = context.kafka();
        kafka.requireTopics(kafka.topics().batchJobs().name(), kafka.topics().inferenceResponses().name());
        BatchJob job = JobRecords.find(kafka, jobId).orElseThrow(() -> CliException.notFound("job " + jobId
                + " not found on " + kafka.topics().batchJobs().name() + ": check the id (inferline jobs list)"));
        JobResponses responses = new JobResponses(jobId);
        ResponseRecords records = new ResponseRecords(kafka);
        ProgressBar progress = new ProgressBar(context.err(), "results", job.getTotal(), context.progressBars());
        boolean complete;
        try (TopicReader reader = TopicReader.fromBeginning(kafka, kafka.topics().inferenceResponses().name())) {
            java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> take = record ->
                    records.decode(record, jobId::equals).ifPresent(response -> {
                        if (responses.offer(response)) {
                            progress.update(responses.answered());
                        }
                    });
            if (follow) {
                Long deadline = timeout == null ? null : System.nanoTime() + timeout.toNanos();
                complete = reader.readUntil(take, () -> responses.answered() >= job.getTotal(), deadline);
            } else {
                reader.readToEnd(take);
                complete = responses.answered() >= job.getTotal();
            }
        }
        progress.finish(responses.answered());
        int[] written = write(context, responses);
        JobCounts counts = responses.counts(job.getTotal());
        context.note("job " + jobId + ": " + counts.succeeded() + " succeeded, " + counts.failed() + " failed, " + counts.cancelled()
                + " cancelled, " + counts.pending() + " pending of " + counts.total() + "; wrote " + written[0] + " line"
                + (written[0] == 1 ? "" : "s") + " to " + (output == null ? "stdout" : output)
                + (errors == null ? "" : " and " + written[1] + " to " + errors)
                + (responses.duplicates() > 0 ? " (" + responses.duplicates() + " repeated answers ignored)" : "")
                + (records.undecodable() > 0 ? " (" + records.undecodable() + " undecodable records skipped)" : ""));
        if (follow && !complete) {
            throw new CliException(ExitCode.TIMED_OUT, "job " + jobId + " still has " + counts.pending() + " unanswered requests after "
                    + Durations.format(timeout) + ": the results so far are written; run the command again to wait longer");
        }
        return ExitCode.OK;
    }

    /** Writes the lines; returns how many went to the output and to the error file. */
    private int[] write(CliContext context, JobResponses responses) throws IOException {
        OpenAiOutputFormat format = new OpenAiOutputFormat();
        int[] written = new int[2];
        try (Writer out = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
             Writer err = errors == null ? null : Files.newBufferedWriter(errors, StandardCharsets.UTF_8)) {
            PrintWriter results = out == null ? context.out() : new PrintWriter(out);
            PrintWriter failures = err == null ? results : new PrintWriter(err);
            for (InferenceResponse response : responses.inLineOrder()) {
                boolean failed = OpenAiOutputFormat.isError(response);
                (failed ? failures : results).print(format.line(response) + "\n");
                written[failed && err != null ? 1 : 0]++;
            }
            results.flush();
            failures.flush();
        }
        return written;
    }
}
