package io.inferline.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.ModelSpec;
import io.inferline.workers.retry.BackoffPolicy;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final ModelSpec HAIKU = ModelSpec.newBuilder().setSlug("anthropic/claude-haiku-4-5").setProvider("anthropic")
            .setModelId("claude-haiku-4-5").setCapabilities(List.of(io.inferline.avro.Capability.CHAT)).setPrice(io.inferline.avro.Price.newBuilder().build()).build();

    /** Backoff that always takes its ceiling: 100, 200, 400 ... ms, capped at 10 s. */
    private final FailurePolicy policy = new FailurePolicy(3, new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), bound -> bound - 1),
            Duration.ofSeconds(2), Set.of(404), slug -> Optional.ofNullable(Map.of(HAIKU.getSlug(), HAIKU).get(slug)));

    private static UpstreamFailure failure(FailureKind kind, int status, Duration retryAfter) {
        return new UpstreamFailure(kind, Optional.of(status), Optional.ofNullable(retryAfter), "upstream HTTP " + status);
    }

    @Test
    void aRetryableFailureWaitsHereWhenTheWaitIsShort() {
        var decision = policy.decide(failure(FailureKind.RETRYABLE, 503, null), 1, List.of(), Optional.empty(), NOW);

        assertThat(decision).isEqualTo(new FailurePolicy.Decision.RetryHere(Duration.ofMillis(100)));
    }

    @Test
    void aLongRetryAfterGoesThroughTheRetryTopic() {
        var decision = policy.decide(failure(FailureKind.RATE_LIMITED, 429, Duration.ofSeconds(30)), 1, List.of(), Optional.empty(), NOW);

        assertThat(decision).isEqualTo(new FailurePolicy.Decision.RetryLater(NOW.plusSeconds(30)));
    }

    @Test
    void exhaustedRetriesFallBackToTheFirstUsableModelOfTheChain() {
        var decision = policy.decide(failure(FailureKind.RETRYABLE, 529, null), 3,
                List.of("gone/model", HAIKU.getSlug(), "openai/gpt-4o-mini"), Optional.empty(), NOW);

        assertThat(decision).isEqualTo(new FailurePolicy.Decision.FallBack(HAIKU, List.of("openai/gpt-4o-mini")));
    }

    @Test
    void exhaustedRetriesWithoutAChainGiveUpSayingSo() {
        var decision = policy.decide(failure(FailureKind.RETRYABLE, 500, null), 3, List.of(), Optional.empty(), NOW);

        assertThat(decision).isInstanceOf(FailurePolicy.Decision.GiveUp.class);
        assertThat(((FailurePolicy.Decision.GiveUp) decision).why()).contains("gave up after 3 calls");
    }

    @Test
    void aBadRequestIsNeverRetriedNorMovedToAnotherModel() {
        var decision = policy.decide(failure(FailureKind.FATAL, 400, null), 1, List.of(HAIKU.getSlug()), Optional.empty(), NOW);

        assertThat(decision).isInstanceOf(FailurePolicy.Decision.GiveUp.class);
    }

    @Test
    void aConfiguredStatusFallsBackAtOnce() {
        var decision = policy.decide(failure(FailureKind.FATAL, 404, null), 1, List.of(HAIKU.getSlug()), Optional.empty(), NOW);

        assertThat(decision).isEqualTo(new FailurePolicy.Decision.FallBack(HAIKU, List.of()));
    }

    @Test
    void aWaitPastTheDeadlineIsNotTaken() {
        var decision = policy.decide(failure(FailureKind.RATE_LIMITED, 429, Duration.ofSeconds(30)), 1, List.of(),
                Optional.of(NOW.plusSeconds(5)), NOW);

        assertThat(decision).isInstanceOf(FailurePolicy.Decision.GiveUp.class);
    }
}
