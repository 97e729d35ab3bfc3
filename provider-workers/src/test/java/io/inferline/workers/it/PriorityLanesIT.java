package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.simulators.Faults;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.WorkerApp;
import io.inferline.workers.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interactive requests are not stuck behind a queued batch for the same provider. */
class PriorityLanesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int BATCH = 20_000;
    private static final int INTERACTIVE = 200;
    private static final int UPSTREAM_MS = 50;

    private WorkerStack stack;
    private WorkerApp workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * fraction) - 1)];
    }

    private static List<InferenceResponse> awaitAnswers(TopicReader<InferenceResponse> responses, Set<String> ids) {
        io.inferline.testkit.Await.until(TIMEOUT, "every interactive request answered", () -> responses.drain(Duration.ofMillis(50)).stream()
                .filter(r -> ids.contains(r.getRequestId())).count() >= ids.size());
        return responses.drain(Duration.ZERO).stream().filter(r -> ids.contains(r.getRequestId())).toList();
    }

    @Test
    void interactiveRequestsWaitBehindTheCallsInFlightNotBehindTheBatchBacklog() throws Exception {
        stack = new WorkerStack(3, SimulatorSettings.defaults());
        stack.simulator.faults("openai", Faults.none().withLatency(UPSTREAM_MS, UPSTREAM_MS));
        for (int i = 0; i < BATCH; i++) {
            stack.send(stack.chat("openai/gpt-4o-mini", "batch line " + i, "job-1"));
        }
        stack.flush();
        Map<String, Object> config = stack.workerConfig("lanes", List.of("openai"));
        config.put(WorkerConfig.MAX_IN_FLIGHT_CONFIG, "32");
        workers = WorkerApp.start(config, stack.environment());

        try (TopicReader<InferenceResponse> responses = stack.responses()) {
            responses.awaitAtLeast(1_000, TIMEOUT);
            Set<String> interactive = new HashSet<>();
            for (int i = 0; i < INTERACTIVE; i++) {
                var request = stack.chat("openai/gpt-4o-mini", "interactive " + i, null);
                interactive.add(request.getRequest().getRequestId());
                stack.send(request);
                stack.flush();
                if (i % 10 == 9) {
                    responses.drain(Duration.ofMillis(100)); // spread the interactive requests over the batch's run
                }
            }
            List<InferenceResponse> answered = awaitAnswers(responses, interactive);
            long batchDone = responses.drain(Duration.ZERO).stream().filter(r -> r.getJobId() != null).count();
            // the wait: from the client's send to the start of its upstream call (Kafka hop plus queueing in the worker)
            long[] waits = answered.stream().mapToLong(r -> r.getAttempts().get(0).getStartedAt().toEpochMilli()
                    - r.getCompletedAt().toEpochMilli() + r.getLatencyMs()).sorted().toArray();
            long[] totals = answered.stream().mapToLong(InferenceResponse::getLatencyMs).sorted().toArray();
            long p99 = percentile(waits, 0.99);
            System.out.printf("[priority-lanes] %d interactive requests with %d batch lines queued (%d done when the last interactive"
                    + " one was answered); upstream %d ms, 32 in flight: wait before the upstream call p50 %d ms, p99 %d ms, max %d ms;"
                    + " end to end p50 %d ms, p99 %d ms (behind the backlog in order, the wait would be about %d s)%n",
                    INTERACTIVE, BATCH, batchDone, UPSTREAM_MS, percentile(waits, 0.5), p99, waits[waits.length - 1],
                    percentile(totals, 0.5), percentile(totals, 0.99), (BATCH - batchDone) * UPSTREAM_MS / 32 / 1000);
            assertThat(batchDone).as("the batch backlog was still there").isLessThan(BATCH);
            // a slot frees every upstream latency / in-flight calls; the bound leaves room for a loaded 2-core machine
            assertThat(p99).as("p99 wait of interactive requests, ms").isLessThan(10L * UPSTREAM_MS);
        }
    }
}
