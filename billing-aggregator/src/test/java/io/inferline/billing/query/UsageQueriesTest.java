package io.inferline.billing.query;

import static io.inferline.billing.topology.BillingFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.ResponseStatus;
import io.inferline.billing.topology.BillingFixture;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageQueriesTest {

    private static final Instant TEN = Instant.parse("2026-11-25T10:00:00Z");
    private BillingFixture billing;

    @AfterEach
    void close() {
        billing.close();
    }

    /** Two models over three hours for "acct", and accounts whose ids start like it. */
    private void someUsage(boolean inMemory) {
        billing = new BillingFixture(Map.of(), inMemory);
        billing.driver.advanceWallClockTime(Duration.ofHours(3));   // the clock is past the usage
        billing.send(usage("acct", "openai/gpt-4o", 0, TEN).setStatus(ResponseStatus.FAILED).setErrorCode("timeout").build());
        billing.send(usage("acct-2", "openai/gpt-4o", 99_999, TEN).build());
        billing.send(usage("acc", "openai/gpt-4o", 99_999, TEN).build());
        for (int h = 0; h < 3; h++) {
            Instant hour = TEN.plus(Duration.ofHours(h));
            billing.send(usage("acct", "openai/gpt-4o-mini", 100, hour).setLatencyMs(100).build());
            billing.send(usage("acct", "openai/gpt-4o", 1_000, hour.plusSeconds(60)).setLatencyMs(1_000).build());
            billing.send(usage("acct", "anthropic/claude-sonnet-4-5", 500, hour.plusSeconds(120)).setLatencyMs(500).build());
        }
    }

    @ParameterizedTest(name = "in memory: {0}")
    @ValueSource(booleans = {true, false})
    void usageIsGroupedByModelProviderOrWindowForExactlyOneAccount(boolean inMemory) {
        someUsage(inMemory);
        var store = billing.usageStore(UsageWindowSize.ONE_HOUR);
        Instant end = TEN.plus(Duration.ofHours(3));

        UsageReport.Result byModel = UsageReport.of(store, UsageWindowSize.ONE_HOUR, "acct", TEN, end, EnumSet.of(UsageReport.Dimension.MODEL));
        UsageReport.Result byProvider = UsageReport.of(store, UsageWindowSize.ONE_HOUR, "acct", TEN, end, EnumSet.of(UsageReport.Dimension.PROVIDER));
        UsageReport.Result byWindow = UsageReport.of(store, UsageWindowSize.ONE_HOUR, "acct", TEN, end, EnumSet.of(UsageReport.Dimension.WINDOW));
        UsageReport.Result lastHour = UsageReport.of(store, UsageWindowSize.ONE_HOUR, "acct", TEN.plus(Duration.ofHours(2)), end,
                EnumSet.of(UsageReport.Dimension.WINDOW, UsageReport.Dimension.MODEL));

        assertThat(byModel.rows()).extracting(UsageReport.Row::slug)
                .containsExactly("anthropic/claude-sonnet-4-5", "openai/gpt-4o", "openai/gpt-4o-mini");
        assertThat(byModel.rows()).extracting(r -> r.totals().costMicros()).containsExactly(1_500L, 3_000L, 300L);
        assertThat(byModel.total().costMicros()).isEqualTo(4_800);
        assertThat(byModel.total().requests()).as("not acct-2's nor acc's").isEqualTo(10);
        assertThat(byProvider.rows()).extracting(UsageReport.Row::provider, UsageReport.Row::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anthropic", null), org.assertj.core.groups.Tuple.tuple("openai", null));
        assertThat(byWindow.rows()).extracting(UsageReport.Row::windowStart)
                .containsExactly(TEN, TEN.plus(Duration.ofHours(1)), TEN.plus(Duration.ofHours(2)));
        assertThat(byWindow.rows().get(0).totals().requests()).isEqualTo(4);
        assertThat(lastHour.rows()).hasSize(3).allMatch(r -> r.windowStart().equals(TEN.plus(Duration.ofHours(2))));
        // a range answers with the windows that overlap it, however coarse
        assertThat(UsageReport.of(store, UsageWindowSize.ONE_HOUR, "acct", TEN.plus(Duration.ofMinutes(30)),
                TEN.plus(Duration.ofMinutes(90)), EnumSet.of(UsageReport.Dimension.WINDOW)).rows())
                .extracting(UsageReport.Row::windowStart).containsExactly(TEN, TEN.plus(Duration.ofHours(1)));
        assertThat(UsageReport.of(billing.usageStore(UsageWindowSize.ONE_DAY), UsageWindowSize.ONE_DAY, "acct", TEN,
                TEN.plus(Duration.ofHours(1)), EnumSet.noneOf(UsageReport.Dimension.class)).total().requests()).isEqualTo(10);
        Map<String, Object> json = byProvider.rows().get(1).toJson();
        assertThat(json).containsEntry("provider", "openai").containsEntry("cost_micros", 3_300L)
                .containsEntry("errors", Map.of("timeout", 1L)).doesNotContainKey("model");
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) json.get("latency");
        assertThat(latency).containsEntry("count", 6L).containsEntry("mean_ms", 550.0);
        assertThat((Long) latency.get("p99_ms")).isBetween(990L, 1_010L);
    }

    @ParameterizedTest(name = "in memory: {0}")
    @ValueSource(booleans = {true, false})
    void topModelsRankByCostAcrossParts(boolean inMemory) {
        someUsage(inMemory);
        var store = billing.usageStore(UsageWindowSize.ONE_DAY);
        Instant day = Instant.parse("2026-11-25T00:00:00Z");

        List<TopModels.ModelCost> mine = TopModels.local(store, UsageWindowSize.ONE_DAY, "acct", day, day.plus(Duration.ofDays(1)));
        List<TopModels.ModelCost> all = TopModels.local(store, UsageWindowSize.ONE_DAY, null, day, day.plus(Duration.ofDays(1)));
        List<TopModels.ModelCost> other = List.of(new TopModels.ModelCost("openai/gpt-4o-mini", "openai", "gpt-4o-mini", 1_000_000, 1));

        assertThat(TopModels.top(List.of(mine), 2)).extracting(TopModels.ModelCost::slug)
                .containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4-5");
        assertThat(TopModels.top(List.of(all), 1)).singleElement()
                .satisfies(m -> assertThat(m.costMicros()).isEqualTo(3_000 + 2 * 99_999));
        assertThat(TopModels.top(List.of(mine, other), 1)).singleElement()
                .satisfies(m -> assertThat(m.costMicros()).isEqualTo(1_000_300));
    }
}
