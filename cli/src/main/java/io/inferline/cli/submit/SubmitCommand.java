package io.inferline.cli.submit;

import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.batch.BatchFile;
import io.inferline.cli.batch.LineProblem;
import io.inferline.cli.jobs.JobRecords;
import io.inferline.cli.kafka.KafkaAccess;
import io.inferline.cli.text.Durations;
import io.inferline.cli.text.ProgressBar;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferline submit FILE.jsonl}: checks every line, then publishes the job in one transaction. */
@Command(name = "submit", description = {
        "Publish a batch job: every line of FILE becomes one request.",
        "Lines are in the OpenAI Batch input format or inferline's native format (see the README).",
        "All lines are checked first; if any is bad, nothing is published (unless --skip-invalid). Prints the job id."})
public final class SubmitCommand implements Callable<Integer> {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int PROBLEMS_SHOWN = 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.jsonl", description = "The batch file, one JSON request per line.")
    Path file;

    @Option(names = "--skip-invalid", description = "Publish the valid lines and skip (and list) the bad ones.")
    boolean skipInvalid;

    @Option(names = "--job-id", paramLabel = "ID", description = "Id of the job (default: a new job-<uuid>); must not exist yet.")
    String jobId;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata of the job, copied to every request (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--completion-window", paramLabel = "DURATION", defaultValue = "24h", converter = Durations.class,
            description = "Requests still unanswered after this expire (default ${DEFAULT-VALUE}).")
    Duration completionWindow;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "" + BatchFile.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line accepted, in bytes (default ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--validate-only", description = "Check the file and report, publish nothing.")
    boolean validateOnly;

    @Override
    public Integer call() {
        CliContext context = InferlineCli.context(spec);
        String account = validateOnly ? context.options().accountOption().orElse("-") : context.options().requireAccount();
        if (jobId != null && !JOB_ID.matcher(jobId).matches()) {
            throw CliException.usage("invalid --job-id '" + jobId + "': use letters, digits and . _ : - (at most 128)");
        }
        if (completionWindow.isZero() || completionWindow.isNegative()) {
            throw CliException.usage("--completion-window must be positive");
        }
        BatchFile batch = read(file, maxLineBytes);
        List<LineProblem> problems = batch.problems();
        if (!problems.isEmpty()) {
            String verb = skipInvalid && !validateOnly ? "skipping " : "";
            problems.stream().limit(PROBLEMS_SHOWN).forEach(problem -> context.err().println(verb + problem));
            if (problems.size() > PROBLEMS_SHOWN) {
                context.err().println("... and " + (problems.size() - PROBLEMS_SHOWN) + " more bad lines");
            }
            context.err().flush();
            if (!skipInvalid || validateOnly) {
                throw new CliException(ExitCode.INVALID_INPUT, file + ": " + problems.size() + " bad line" + plural(problems.size())
                        + ", " + batch.lines().size() + " good; nothing was published: fix the lines above, or pass --skip-invalid"
                        + " to publish the good ones");
            }
        }
        if (batch.lines().isEmpty()) {
            throw new CliException(ExitCode.INVALID_INPUT, file + " holds no request: nothing was published");
        }
        if (validateOnly) {
            context.note(file + ": " + batch.lines().size() + " valid request" + plural(batch.lines().size()));
            return ExitCode.OK;
        }
        KafkaAccess kafka = context.kafka();
        kafka.requireTopics(kafka.topics().batchJobs().name(), kafka.topics().inferenceRequests().name());
        String id = jobId;
        if (id == null) {
            id = "job-" + UUID.randomUUID();
        } else if (JobRecords.find(kafka, id).isPresent()) {
            throw CliException.usage("job " + id + " already exists: choose another --job-id, or leave it out for a new one");
        }
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        JobPublisher.Job job = new JobPublisher.Job(id, account, file.getFileName().toString(), Map.copyOf(metadata), now,
                now.plus(completionWindow));
        ProgressBar progress = new ProgressBar(context.err(), "publishing", batch.lines().size(), context.progressBars());
        new JobPublisher(kafka).publish(job, batch.lines(), progress::update);
        progress.finish(batch.lines().size());
        context.out().println(id);
        context.out().flush();
        context.note("published job " + id + ": " + batch.lines().size() + " request" + plural(batch.lines().size())
                + " for account " + account + (problems.isEmpty() ? "" : " (" + problems.size() + " bad lines skipped)")
                + "; follow it with: inferline results " + id + " --follow -o results.jsonl");
        return ExitCode.OK;
    }

    static BatchFile read(Path file, int maxLineBytes) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return BatchFile.read(reader, maxLineBytes);
        } catch (NoSuchFileException e) {
            throw CliException.notFound("file " + file + " not found: check the path");
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCode.INVALID_INPUT, file + " is not UTF-8 text: save it as UTF-8 JSON Lines");
        } catch (IOException e) {
            throw CliException.notFound("cannot read " + file + " (" + e.getMessage() + "): check the path and its permissions");
        }
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }
}
