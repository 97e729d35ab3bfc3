package io.inferline.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.JobState;
import io.inferline.avro.ResponseStatus;
import io.inferline.cli.batch.BatchLine;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobResponsesTest {

    private static InferenceResponse response(String job, String request, ResponseStatus status, int line) {
        return InferenceResponse.newBuilder().setRequestId(request).setAccountId("a").setJobId(job).setCustomId("c" + line)
                .setStatus(status).setMetadata(Map.of(BatchLine.LINE_METADATA, Integer.toString(line))).setCompletedAt(Instant.EPOCH).build();
    }

    @Test
    void keepsOneAnswerPerRequestOfTheJobInLineOrder() {
        JobResponses responses = new JobResponses("job-1");
        assertThat(responses.offer(response("job-1", "r3", ResponseStatus.SUCCEEDED, 3))).isTrue();
        assertThat(responses.offer(response("job-2", "x", ResponseStatus.SUCCEEDED, 1))).as("another job").isFalse();
        assertThat(responses.offer(response("job-1", "r1", ResponseStatus.FAILED, 1))).isTrue();
        assertThat(responses.offer(response("job-1", "r3", ResponseStatus.SUCCEEDED, 3))).as("a repeat").isFalse();
        assertThat(responses.offer(response("job-1", "r2", ResponseStatus.CANCELLED, 2))).isTrue();
        assertThat(responses.answered()).isEqualTo(3);
        assertThat(responses.duplicates()).isEqualTo(1);
        assertThat(responses.inLineOrder()).extracting(InferenceResponse::getRequestId).containsExactly("r1", "r2", "r3");
        assertThat(responses.counts(5)).isEqualTo(new JobCounts(5, 1, 1, 1, 2));
    }

    @Test
    void aLaterSuccessReplacesAFailureButNotTheOtherWayRound() {
        JobResponses responses = new JobResponses("job-1");
        responses.offer(response("job-1", "r1", ResponseStatus.FAILED, 1));
        assertThat(responses.offer(response("job-1", "r1", ResponseStatus.SUCCEEDED, 1))).isTrue();
        assertThat(responses.offer(response("job-1", "r1", ResponseStatus.FAILED, 1))).isFalse();
        assertThat(responses.counts(1)).isEqualTo(new JobCounts(1, 1, 0, 0, 0));
    }

    @Test
    void theStateFollowsTheRecordAndTheCounts() {
        JobCounts running = new JobCounts(10, 4, 1, 0, 5);
        JobCounts done = new JobCounts(10, 9, 1, 0, 0);
        assertThat(JobView.derive(JobState.IN_PROGRESS, running)).isEqualTo(JobState.IN_PROGRESS);
        assertThat(JobView.derive(JobState.IN_PROGRESS, done)).isEqualTo(JobState.COMPLETED);
        assertThat(JobView.derive(JobState.CANCELLING, running)).isEqualTo(JobState.CANCELLING);
        assertThat(JobView.derive(JobState.CANCELLING, done)).isEqualTo(JobState.CANCELLED);
        assertThat(JobView.derive(JobState.EXPIRED, running)).isEqualTo(JobState.EXPIRED);
        assertThat(JobView.displayState("IN_PROGRESS")).isEqualTo("in progress");
        assertThat(JobView.displayState("in_progress")).isEqualTo("in progress");
        assertThat(JobView.displayState("completed")).isEqualTo("completed");
    }
}
