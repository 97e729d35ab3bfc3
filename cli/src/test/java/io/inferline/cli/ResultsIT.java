package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.JobState;
import io.inferline.avro.Output;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.Usage;
import io.inferline.schemas.topic.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inferline results} and {@code jobs} on answers published the way the workers publish them. */
class ResultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterFixture cluster = new ClusterFixture();
    private final CliRunner cli = cluster.cli(ClusterFixture.nobodyListening());

    @TempDir
    Path dir;

    private String submit(int lines) throws Exception {
        Path file = Files.writeString(dir.resolve("in-" + lines + ".jsonl"), SubmitIT.batch(lines));
        CliRunner.Result result = cli.run("submit", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.out().strip();
    }

    private static InferenceResponse answer(InferenceRequest request, ResponseStatus status) {
        InferenceResponse.Builder response = InferenceResponse.newBuilder().setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId()).setJobId(request.getJobId()).setCustomId(request.getCustomId())
                .setStatus(status).setProvider("openai").setModel("gpt-4o-mini").setSlug("openai/gpt-4o-mini")
                .setMetadata(request.getMetadata()).setCostMicros(status == ResponseStatus.SUCCEEDED ? 25 : 0)
                .setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        if (status == ResponseStatus.SUCCEEDED) {
            response.setOutput(Output.newBuilder().setText("answer to " + request.getCustomId())
                            .setEmbeddings(request.getInput().getTexts().isEmpty() ? List.of() : List.of(List.of(0.5f, 0.25f))).build())
                    .setUsage(Usage.newBuilder().setInputTokens(10).setOutputTokens(5).build());
        } else {
            response.setError(ErrorInfo.newBuilder().setCode("upstream_error").setMessage("the provider failed").setUpstreamStatus(503).build());
        }
        return response.build();
    }

    private void publish(List<InferenceResponse> responses) throws Exception {
        String topic = cluster.topics.inferenceResponses().name();
        try (KafkaProducer<String, InferenceResponse> producer = cluster.producer(cluster.topics.inferenceResponses())) {
            for (InferenceResponse response : responses) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(TraceHeaders.REQUEST_ID, response.getRequestId().getBytes(StandardCharsets.UTF_8));
                if (response.getJobId() != null) {
                    headers.add(TraceHeaders.JOB_ID, response.getJobId().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(new ProducerRecord<>(topic, null, response.getRequestId(), response, headers));
            }
            producer.flush();
        }
    }

    private List<InferenceRequest> requestsOf(String jobId) {
        return cluster.values(cluster.topics.inferenceRequests()).stream().filter(r -> jobId.equals(r.getJobId())).toList();
    }

    @Test
    void followWritesTheJobsAnswersInTheOpenAiOutputFormat() throws Exception {
        String jobId = submit(30);
        String otherJob = submit(3);
        List<InferenceRequest> requests = requestsOf(jobId);
        assertThat(requests).hasSize(30);
        Path out = dir.resolve("out.jsonl");
        Path errors = dir.resolve("errors.jsonl");

        CompletableFuture<CliRunner.Result> follow = CompletableFuture.supplyAsync(() -> cli.run("results", jobId, "--follow",
                "-o", out.toString(), "--errors", errors.toString(), "--timeout", "120s", "--progress"));

        List<InferenceResponse> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            answers.add(answer(requests.get(i), i % 10 == 7 ? ResponseStatus.FAILED : ResponseStatus.SUCCEEDED));
        }
        // another job's answers are not this job's results; a repeated answer counts once
        requestsOf(otherJob).forEach(r -> answers.add(0, answer(r, ResponseStatus.SUCCEEDED)));
        answers.add(answers.get(answers.size() - 1));
        answers.add(answer(requests.get(7), ResponseStatus.FAILED));
        publish(answers.subList(0, 20));
        publish(answers.subList(20, answers.size()));

        CliRunner.Result result = follow.get(150, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("27 succeeded, 3 failed, 0 cancelled, 0 pending of 30").contains("repeated answers ignored")
                .contains("30/30 100%");

        List<JsonNode> lines = read(out);
        List<JsonNode> failed = read(errors);
        assertThat(lines).hasSize(27);
        assertThat(failed).hasSize(3);
        List<String> customIds = new ArrayList<>();
        lines.forEach(line -> customIds.add(line.path("custom_id").asText()));
        failed.forEach(line -> customIds.add(line.path("custom_id").asText()));
        assertThat(customIds).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(requests.stream().map(InferenceRequest::getCustomId).toList());
        assertThat(lines).extracting(line -> line.path("custom_id").asText()).startsWith("line-0", "line-1", "line-2");
        JsonNode chat = lines.get(0);
        assertThat(chat.path("error").isNull()).isTrue();
        assertThat(chat.at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(chat.at("/response/body/object").asText()).isEqualTo("chat.completion");
        assertThat(chat.at("/response/body/choices/0/message/content").asText()).isEqualTo("answer to line-0");
        assertThat(lines.get(1).at("/response/body/object").asText()).as("an embeddings line").isEqualTo("list");
        assertThat(failed).allSatisfy(line -> {
            assertThat(line.at("/error/code").asText()).isEqualTo("upstream_error");
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(503);
        });

        // without --follow: what is there now, to stdout, failures included
        CliRunner.Result again = cli.run("results", otherJob);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains("\"custom_id\":\"line-"));
    }

    @Test
    void jobsStatusListAndCancelFromTheTopicsWhenBillingIsAway() throws Exception {
        String jobId = submit(9);
        List<InferenceRequest> requests = requestsOf(jobId);
        publish(List.of(answer(requests.get(0), ResponseStatus.SUCCEEDED), answer(requests.get(1), ResponseStatus.SUCCEEDED),
                answer(requests.get(2), ResponseStatus.FAILED), answer(requests.get(2), ResponseStatus.SUCCEEDED),
                answer(requests.get(3), ResponseStatus.CANCELLED)));

        CliRunner.Result status = cli.run("jobs", "status", jobId);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.err()).contains("slow path");
        Map<String, String> fields = status.out().lines().map(line -> line.split("\\s+", 2))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
        assertThat(fields).containsEntry("job", jobId).containsEntry("account", cluster.account).containsEntry("state", "in progress")
                .containsEntry("total", "9").containsEntry("succeeded", "3").containsEntry("failed", "0")
                .containsEntry("cancelled", "1").containsEntry("pending", "5");

        CliRunner.Result list = cli.run("jobs", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().skip(1)).singleElement().satisfies(line ->
                assertThat(line.split("\\s+")).startsWith(jobId, cluster.account, "in", "progress", "9", "3", "0", "1", "5"));

        CliRunner.Result cancel = cli.run("jobs", "cancel", jobId);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cluster.values(cluster.topics.batchJobs())).last().satisfies(job -> {
            assertThat(job.getJobId()).isEqualTo(jobId);
            assertThat(job.getState()).isEqualTo(JobState.CANCELLING);
            assertThat(job.getTotal()).isEqualTo(9);
        });
        assertThat(cli.run("jobs", "cancel", jobId).err()).contains("already cancelling");

        // the router then answers the rest CANCELLED: the job ends cancelled
        publish(requests.subList(4, 9).stream().map(r -> answer(r, ResponseStatus.CANCELLED)).toList());
        assertThat(cli.run("jobs", "status", jobId).out()).contains("cancelled").containsPattern("state\\s+cancelled");

        CliRunner.Result unknown = cli.run("jobs", "status", "job-nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("results", "job-nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("jobs", "cancel", "job-nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void followGivesUpAfterItsTimeoutWithWhatItHas() throws Exception {
        String jobId = submit(3);
        List<InferenceRequest> requests = requestsOf(jobId);
        publish(List.of(answer(requests.get(0), ResponseStatus.SUCCEEDED)));
        Path out = dir.resolve("partial.jsonl");
        CliRunner.Result result = cli.run("results", jobId, "--follow", "--timeout", "3s", "-o", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(result.err()).contains("still has 2 unanswered requests after 3s");
        assertThat(read(out)).hasSize(1);
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
