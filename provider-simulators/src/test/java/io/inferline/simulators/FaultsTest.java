package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void ratesMustNotAddUpToMoreThanOne() {
        assertThatThrownBy(() -> Faults.none().withErrorRate(500, 0.6).withResetRate(0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.none().withErrorRate(200, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.none().withLatency(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void drawsFollowTheRates() {
        Faults faults = Faults.none().withLatency(10, 20).withErrorRate(503, 0.25).withResetRate(0.25);
        Random random = new Random(1);
        int errors = 0;
        int resets = 0;
        for (int i = 0; i < 10_000; i++) {
            Outcome outcome = faults.decide(random);
            assertThat(outcome.delayMs()).isBetween(10L, 20L);
            errors += outcome.status() == 503 ? 1 : 0;
            resets += outcome.kind() == Outcome.Kind.RESET ? 1 : 0;
        }
        assertThat(errors).isBetween(2300, 2700);
        assertThat(resets).isBetween(2300, 2700);
    }

    @Test
    void downFailsEveryCallAndTimeoutsWaitTheHold() {
        Random random = new Random(2);
        assertThat(Faults.down(503).decide(random).status()).isEqualTo(503);
        Outcome held = Faults.none().withTimeoutRate(1).withTimeoutHold(Duration.ofSeconds(7)).decide(random);
        assertThat(held.kind()).isEqualTo(Outcome.Kind.TIMEOUT);
        assertThat(held.delayMs()).isEqualTo(7000);
    }

    @Test
    void configFileSetsProviderAndModelFaults() {
        FaultConfig config = FaultConfig.parse("""
                {"seed": 9,
                 "providers": {
                   "anthropic": {"latencyMs": [20, 80], "errorRates": {"429": 0.05, "529": 0.05},
                                 "timeoutRate": 0.01, "timeoutHoldMs": 5000, "resetRate": 0.01, "malformedRate": 0.01,
                                 "retryAfterSeconds": 2,
                                 "models": {"claude-haiku-4-5": {"down": 503}}},
                   "openai": {"latencyMs": 5}}}""");

        assertThat(config.seed()).hasValue(9);
        Faults anthropic = config.providers().get("anthropic");
        assertThat(anthropic.minLatencyMs()).isEqualTo(20);
        assertThat(anthropic.maxLatencyMs()).isEqualTo(80);
        assertThat(anthropic.errorRates()).containsEntry(529, 0.05);
        assertThat(anthropic.timeoutHold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(anthropic.retryAfterSeconds()).isEqualTo(2);
        assertThat(config.models().get("anthropic").get("claude-haiku-4-5").downStatus()).isEqualTo(503);
        assertThat(config.providers().get("openai").maxLatencyMs()).isEqualTo(5);
    }

    @Test
    void configFileRejectsUnknownKeysAndProviders() {
        assertThatThrownBy(() -> FaultConfig.parse("{\"providers\":{\"openai\":{\"latency\":5}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> FaultConfig.parse("{\"providers\":{\"azure\":{}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure");
    }
}
