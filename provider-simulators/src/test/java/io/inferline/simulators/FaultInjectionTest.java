package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String HAIKU = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String OPUS = "{\"model\":\"claude-opus-4-6\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void healthy() {
        sim.clearFaults();
        sim.resetStats();
    }

    private HttpResponse<String> anthropic(String body) {
        return client.post("anthropic", "/v1/messages", body, client.auth("anthropic"));
    }

    private HttpResponse<String> send(String body, Duration clientTimeout) throws IOException, InterruptedException {
        return client.http.send(client.request("anthropic", "/v1/messages", body, clientTimeout, client.auth("anthropic")),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedIsA200WhoseBodyIsNotJson() {
        sim.faults("anthropic", Faults.none().withMalformedRate(1.0));

        HttpResponse<String> response = anthropic(HAIKU);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{");
        assertThatThrownBy(() -> new ObjectMapper().readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void resetDropsTheConnectionWithoutAResponse() {
        sim.faults("anthropic", Faults.none().withResetRate(1.0));

        assertThatThrownBy(() -> send(HAIKU, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(sim.stats("anthropic").count(-1)).isEqualTo(1);
    }

    @Test
    void timeoutHoldsTheRequestThenDropsIt() {
        sim.faults("anthropic", Faults.none().withTimeoutRate(1.0).withTimeoutHold(Duration.ofMillis(400)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> send(HAIKU, Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }

    @Test
    void timeoutOutlastsAClientThatGivesUp() {
        sim.faults("anthropic", Faults.none().withTimeoutRate(1.0).withTimeoutHold(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> send(HAIKU, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.stats("anthropic").count(-1)).isEqualTo(1);
    }

    @Test
    void latencyDelaysTheAnswer() {
        sim.faults("anthropic", Faults.none().withLatency(150, 200));

        long started = System.nanoTime();
        assertThat(anthropic(HAIKU).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
    }

    @Test
    void modelOverrideReplacesTheProviderFaultsForThatModelOnly() {
        sim.faults("anthropic", Faults.none().withLatency(1, 5));
        sim.faults("anthropic", "claude-haiku-4-5", Faults.down(503));

        assertThat(anthropic(HAIKU).statusCode()).isEqualTo(503);
        assertThat(anthropic(OPUS).statusCode()).isEqualTo(200);
        assertThat(client.post("openai", "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", client.auth("openai")).statusCode())
                .isEqualTo(200);

        sim.faults("anthropic", "claude-haiku-4-5", null);
        assertThat(anthropic(HAIKU).statusCode()).isEqualTo(200);
    }

    @Test
    void statsCountRequestsByStatusAndModel() {
        sim.faults("anthropic", "claude-opus-4-6", Faults.down(529));
        anthropic(HAIKU);
        anthropic(HAIKU);
        anthropic(OPUS);
        anthropic("{\"model\":\"claude-haiku-4-5\"}");
        client.post("anthropic", "/v1/messages", HAIKU);

        ProviderStats stats = sim.stats("anthropic");
        assertThat(stats.requests()).isEqualTo(5);
        assertThat(stats.byStatus()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(200, 2L, 529, 1L, 400, 1L, 401, 1L));
        assertThat(stats.byModel()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("claude-haiku-4-5", 2L, "claude-opus-4-6", 1L));
        assertThat(sim.stats("openai").requests()).isZero();

        sim.resetStats();
        assertThat(sim.stats("anthropic").requests()).isZero();
        assertThat(sim.stats("anthropic").byStatus()).isEmpty();
    }

    @Test
    void theSameSeedRepeatsTheSameFaults() {
        Faults faults = Faults.none().withErrorRate(500, 0.3).withErrorRate(429, 0.2);
        List<Integer> first = statuses(SimulatorSettings.defaults().withSeed(42), faults);
        List<Integer> second = statuses(SimulatorSettings.defaults().withSeed(42), faults);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200, 429, 500);
    }

    private static List<Integer> statuses(SimulatorSettings settings, Faults faults) {
        try (ProviderSimulator own = ProviderSimulator.start(settings)) {
            own.faults("anthropic", faults);
            SimClient ownClient = new SimClient(own);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(ownClient.post("anthropic", "/v1/messages", HAIKU, ownClient.auth("anthropic")).statusCode());
            }
            return statuses;
        }
    }
}
