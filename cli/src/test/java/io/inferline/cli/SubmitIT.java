package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BatchJob;
import io.inferline.avro.Capability;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.JobState;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.testkit.ClientProps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inferline submit} on the real broker and registry. */
class SubmitIT {

    private final ClusterFixture cluster = new ClusterFixture();
    private final CliRunner cli = cluster.cli(ClusterFixture.nobodyListening());

    @TempDir
    Path dir;

    static String batch(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(switch (i % 3) {
                case 0 -> "{\"custom_id\":\"line-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                        + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"question " + i + "\"}],\"max_tokens\":100}}";
                case 1 -> "{\"custom_id\":\"line-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":"
                        + "\"text-embedding-3-small\",\"input\":\"text " + i + "\"}}";
                default -> "{\"custom_id\":\"line-" + i + "\",\"model\":\"anthropic/claude-haiku-4-5\",\"input\":\"native " + i + "\"}";
            }).append('\n');
        }
        return text.toString();
    }

    @Test
    void aJobIsPublishedInOneCommittedTransaction() throws Exception {
        int lines = 600;
        Path file = Files.writeString(dir.resolve("batch.jsonl"), batch(lines));

        CliRunner.Result result = cli.run("submit", file.toString(), "--metadata", "team=search");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String jobId = result.out().strip();
        assertThat(jobId).startsWith("job-");
        assertThat(result.err()).contains("published job " + jobId + ": 600 requests");

        List<BatchJob> jobs = cluster.values(cluster.topics.batchJobs());
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.getJobId()).isEqualTo(jobId);
            assertThat(job.getAccountId()).isEqualTo(cluster.account);
            assertThat(job.getState()).isEqualTo(JobState.IN_PROGRESS);
            assertThat(job.getTotal()).isEqualTo(lines);
            assertThat(job.getInputFile()).isEqualTo("batch.jsonl");
            assertThat(job.getMetadata()).containsEntry("team", "search");
            assertThat(job.getExpiresAt()).isAfter(job.getCreatedAt());
        });

        String topic = cluster.topics.inferenceRequests().name();
        var values = TopicSerdes.valueSerde(cluster.topics.inferenceRequests(), cluster.kafka.serdeConfig()).deserializer();
        List<ConsumerRecord<byte[], byte[]>> records = cluster.readAll(topic, true);
        assertThat(records).hasSize(lines);
        assertThat(records).allSatisfy(record -> {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(cluster.account);
            assertThat(new String(record.headers().lastHeader(TraceHeaders.JOB_ID).value(), StandardCharsets.UTF_8)).isEqualTo(jobId);
        });
        List<InferenceRequest> requests = records.stream().map(r -> values.deserialize(topic, r.headers(), r.value())).toList();
        assertThat(requests).extracting(InferenceRequest::getJobId).containsOnly(jobId);
        assertThat(requests).extracting(InferenceRequest::getAccountId).containsOnly(cluster.account);
        assertThat(requests.stream().map(InferenceRequest::getRequestId).collect(Collectors.toSet())).hasSize(lines);
        assertThat(requests.stream().map(InferenceRequest::getCustomId).collect(Collectors.toSet()))
                .isEqualTo(java.util.stream.IntStream.range(0, lines).mapToObj(i -> "line-" + i).collect(Collectors.toSet()));
        assertThat(requests).allSatisfy(request -> assertThat(request.getCreatedAt()).isNotNull());
        Map<Capability, Long> byCapability = requests.stream()
                .collect(Collectors.groupingBy(r -> r.getInput().getCapability(), Collectors.counting()));
        assertThat(byCapability).containsEntry(Capability.CHAT, 400L).containsEntry(Capability.EMBEDDING, 200L);
        assertThat(requests).filteredOn(r -> "line-0".equals(r.getCustomId())).singleElement().satisfies(r -> {
            assertThat(r.getModel()).isEqualTo("openai/gpt-4o-mini");
            assertThat(r.getOptions().getMaxOutputTokens()).isEqualTo(100);
            assertThat(r.getMetadata()).containsEntry("team", "search");
        });

        // one transactional producer wrote all of it and committed
        try (Admin admin = Admin.create(ClientProps.admin(cluster.kafka))) {
            String transactionalId = "inferline-cli-submit-" + jobId;
            TransactionDescription transaction = admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS);
            assertThat(transaction.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        }
        // and nothing was left uncommitted or aborted beside it
        assertThat(cluster.readAll(topic, false)).hasSize(lines);
    }

    @Test
    void anInvalidFilePublishesNothingAndSkipInvalidPublishesTheRest() throws Exception {
        String good = batch(10);
        String text = good.replace("{\"custom_id\":\"line-4\",", "{\"customid\":\"line-4\",")
                + "{\"custom_id\":\"line-1\",\"input\":\"again\"}\n";
        Path file = Files.writeString(dir.resolve("bad.jsonl"), text);

        CliRunner.Result refused = cli.run("submit", file.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(refused.err()).contains("line 5: missing \"custom_id\"").contains("line 11: duplicate custom_id \"line-1\" (first on line 2)")
                .contains("nothing was published");
        assertThat(refused.out()).isEmpty();
        assertThat(cluster.readAll(cluster.topics.inferenceRequests().name(), false)).isEmpty();
        assertThat(cluster.readAll(cluster.topics.batchJobs().name(), false)).isEmpty();

        CliRunner.Result skipped = cli.run("submit", file.toString(), "--skip-invalid", "--job-id", "job-skip");

        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(skipped.out().strip()).isEqualTo("job-skip");
        assertThat(skipped.err()).contains("skipping line 5:").contains("(2 bad lines skipped)");
        assertThat(cluster.values(cluster.topics.inferenceRequests())).hasSize(9)
                .extracting(InferenceRequest::getCustomId).doesNotContain("line-4");
        assertThat(cluster.values(cluster.topics.batchJobs())).singleElement().extracting(BatchJob::getTotal).isEqualTo(9L);

        CliRunner.Result again = cli.run("submit", file.toString(), "--skip-invalid", "--job-id", "job-skip");
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("job job-skip already exists");
        assertThat(cluster.readAll(cluster.topics.inferenceRequests().name(), false)).hasSize(9);
    }

    @Test
    void progressIsDrawnWhenAskedFor() throws Exception {
        Path file = Files.writeString(dir.resolve("small.jsonl"), batch(30));
        CliRunner.Result result = cli.run("submit", file.toString(), "--progress");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("\rpublishing [").contains("30/30 100%");
        assertThat(Set.of(result.out().strip().split("\n"))).hasSize(1);
    }

    @Test
    void anUnreachableClusterIsExitCodeFourWithAHint() throws Exception {
        Path file = Files.writeString(dir.resolve("one.jsonl"), batch(1));
        CliRunner.Result result = cli.run("submit", file.toString(), "--bootstrap-servers", "127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.err()).startsWith("inferline: cannot reach Kafka at 127.0.0.1:1").contains("./inferline up")
                .doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }
}
