package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int REQUESTS = 1000;
    private static final int LATENCY_MS = 50;
    private static final int WORKERS = 4;

    @Test
    void aThousandConcurrentDelayedRequestsNeedNoThreadEach() {
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorSettings.defaults().withWorkerThreads(WORKERS))) {
            sim.faults("openai", Faults.none().withLatency(LATENCY_MS, LATENCY_MS));
            SimClient client = new SimClient(sim);
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                calls.add(client.postAsync("openai", "/v1/chat/completions", body, client.auth("openai")));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
            assertThat(sim.stats("openai").count(200)).isEqualTo(REQUESTS);
            // sleeping a worker per request would take REQUESTS * LATENCY / WORKERS = 12.5 s; this is a loose bound
            assertThat(elapsed).isLessThan(Duration.ofMillis((long) REQUESTS * LATENCY_MS / WORKERS));
        }
    }
}
