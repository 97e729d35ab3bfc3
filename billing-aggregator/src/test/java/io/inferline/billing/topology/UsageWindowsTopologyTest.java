package io.inferline.billing.topology;

import static io.inferline.billing.topology.BillingFixture.START;
import static io.inferline.billing.topology.BillingFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.BillingConfig;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageWindowsTopologyTest {

    private static final String SLUG = "openai/gpt-4o-mini";
    private static final Instant TEN = Instant.parse("2026-11-25T10:00:00Z");

    private BillingFixture billing = new BillingFixture();

    @AfterEach
    void close() {
        billing.close();
    }

    private Map<String, UsageWindow> emitted(UsageWindowSize size) {
        return billing.windows(size).readKeyValuesToMap();
    }

    private static String key(String account, String slug, Instant start) {
        return account + "|" + slug + "|" + start.toEpochMilli();
    }

    @Test
    void anEventBelongsToTheWindowItsCompletionTimeFallsInBoundariesIncluded() {
        billing.send(usage("acct", SLUG, 100, TEN.minusMillis(1)).build());           // 09:59:59.999
        billing.send(usage("acct", SLUG, 200, TEN).build());                          // 10:00:00.000
        billing.send(usage("acct", SLUG, 400, TEN.plusSeconds(59).plusMillis(999)).build());
        billing.send(usage("acct", SLUG, 800, TEN.plusSeconds(60)).build());          // 10:01:00.000

        Map<String, UsageWindow> minutes = emitted(UsageWindowSize.ONE_MINUTE);
        Map<String, UsageWindow> hours = billing.windows(UsageWindowSize.ONE_HOUR).readKeyValuesToMap();
        Map<String, UsageWindow> days = billing.windows(UsageWindowSize.ONE_DAY).readKeyValuesToMap();

        assertThat(minutes).hasSize(3);
        assertThat(minutes.get(key("acct", SLUG, TEN.minusSeconds(60))).getCostMicros()).isEqualTo(100);
        UsageWindow tenOClock = minutes.get(key("acct", SLUG, TEN));
        assertThat(tenOClock.getCostMicros()).isEqualTo(600);
        assertThat(tenOClock.getRequests()).isEqualTo(2);
        assertThat(tenOClock.getWindowStart()).isEqualTo(TEN);
        assertThat(tenOClock.getWindowEnd()).isEqualTo(TEN.plusSeconds(60));
        assertThat(tenOClock.getWindowSizeMs()).isEqualTo(60_000);
        assertThat(minutes.get(key("acct", SLUG, TEN.plusSeconds(60))).getCostMicros()).isEqualTo(800);
        assertThat(hours).hasSize(2);
        assertThat(hours.get(key("acct", SLUG, TEN)).getCostMicros()).isEqualTo(1_400);
        assertThat(hours.get(key("acct", SLUG, TEN.minusSeconds(3600))).getCostMicros()).isEqualTo(100);
        assertThat(days).hasSize(1);
        assertThat(days.get(key("acct", SLUG, Instant.parse("2026-11-25T00:00:00Z"))).getRequests()).isEqualTo(4);
    }

    @Test
    void lateEventsInsideTheGraceAreCountedAndLaterOnesOnlyWhereTheirWindowIsStillOpen() {
        // default grace: 5 minutes. The 10:04 minute closes at 10:05 + 5 min = 10:10.
        billing.send(usage("acct", SLUG, 1, TEN.plusSeconds(4 * 60)).build());
        billing.send(usage("acct", SLUG, 10, TEN.plus(Duration.ofMinutes(10)).minusMillis(1)).build());   // stream time 10:09:59.999
        billing.send(usage("acct", SLUG, 100, TEN.plusSeconds(4 * 60 + 30)).build());                     // late, inside the grace

        billing.send(usage("acct", SLUG, 1_000, TEN.plus(Duration.ofMinutes(10))).build());              // stream time 10:10
        billing.send(usage("acct", SLUG, 10_000, TEN.plusSeconds(4 * 60 + 45)).build());                  // outside the grace

        Map<String, UsageWindow> minutes = emitted(UsageWindowSize.ONE_MINUTE);
        Map<String, UsageWindow> hours = billing.windows(UsageWindowSize.ONE_HOUR).readKeyValuesToMap();

        assertThat(minutes.get(key("acct", SLUG, TEN.plusSeconds(4 * 60))).getCostMicros()).isEqualTo(101);
        assertThat(hours.get(key("acct", SLUG, TEN)).getCostMicros()).as("the hour is still open").isEqualTo(11_111);
        assertThat(billing.counter(BillingSensors.LATE_USAGE)).isEqualTo(1);
        assertThat(billing.balance("acct").getLifetimeSpentMicros()).as("charged whatever its lateness").isEqualTo(11_111);
    }

    @Test
    void theGraceIsConfigurable() {
        billing.close();
        billing = new BillingFixture(Map.of(BillingConfig.USAGE_GRACE_MS_CONFIG, 0L));
        billing.send(usage("acct", SLUG, 1, TEN.plusSeconds(61)).build());
        billing.send(usage("acct", SLUG, 2, TEN.plusSeconds(59)).build());

        assertThat(emitted(UsageWindowSize.ONE_MINUTE)).containsOnlyKeys(key("acct", SLUG, TEN.plusSeconds(60)));
        assertThat(billing.counter(BillingSensors.LATE_USAGE)).isEqualTo(1);
    }

    @Test
    void aWindowCountsOutcomesTokensUnitsCostAndLatency() {
        for (int i = 1; i <= 100; i++) {
            billing.send(usage("acct", SLUG, 10, TEN.plusSeconds(i)).setLatencyMs(i * 10L).build());
        }
        billing.send(usage("acct", SLUG, 0, TEN).setStatus(ResponseStatus.SUCCEEDED).setCached(true).setLatencyMs(0).build());
        billing.send(usage("acct", SLUG, 0, TEN).setStatus(ResponseStatus.FAILED).setErrorCode("upstream_unavailable").build());
        billing.send(usage("acct", SLUG, 0, TEN).setStatus(ResponseStatus.FAILED).setErrorCode("upstream_unavailable").build());
        billing.send(usage("acct", SLUG, 0, TEN).setStatus(ResponseStatus.EXPIRED).build());
        billing.send(usage("acct", "recraft/recraftv3", 40_000, TEN).setUsage(Usage.newBuilder().setUnits(2)
                .setUnitKind(UnitKind.IMAGES).build()).build());

        Map<String, UsageWindow> hours = emitted(UsageWindowSize.ONE_HOUR);
        UsageWindow chat = hours.get(key("acct", SLUG, TEN));
        UsageWindow images = hours.get(key("acct", "recraft/recraftv3", TEN));

        assertThat(chat.getRequests()).isEqualTo(104);
        assertThat(chat.getSuccesses()).isEqualTo(101);
        assertThat(chat.getCacheHits()).isEqualTo(1);
        assertThat(chat.getErrors()).containsExactlyInAnyOrderEntriesOf(Map.of("upstream_unavailable", 2L, "EXPIRED", 1L));
        assertThat(chat.getInputTokens()).isEqualTo(104 * 100);
        assertThat(chat.getOutputTokens()).isEqualTo(104 * 50);
        assertThat(chat.getCostMicros()).isEqualTo(1_000);
        assertThat(chat.getLatencyCount()).as("successful, uncached").isEqualTo(100);
        assertThat(chat.getLatencySumMs()).isEqualTo(50_500);
        assertThat(chat.getLatencyMeanMs()).isEqualTo(505.0);
        assertThat(chat.getLatencyP50Ms()).isCloseTo(500, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(chat.getLatencyP95Ms()).isCloseTo(950, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(chat.getLatencyP99Ms()).isCloseTo(990, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(images.getUnits()).isEqualTo(2);
        assertThat(images.getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(images.getProvider()).isEqualTo("recraft");
        assertThat(images.getModel()).isEqualTo("recraftv3");
    }

    @Test
    void everyChangeOfAWindowIsWrittenAtOnceTheNewestWithTheTotals() {
        for (int i = 0; i < 20; i++) {
            billing.send(usage("acct", SLUG, 1, TEN.plusSeconds(i)).build());
        }

        List<TestRecord<String, UsageWindow>> minutes = billing.windows(UsageWindowSize.ONE_MINUTE).readRecordsToList();

        assertThat(minutes).hasSize(20).allMatch(r -> r.key().equals(key("acct", SLUG, TEN)));
        assertThat(minutes).extracting(r -> r.value().getRequests()).isSorted().endsWith(20L);
        assertThat(billing.windows(UsageWindowSize.ONE_DAY).readValuesToList()).hasSize(20);
    }

    @Test
    void usageDatedFarAheadOfTheClockIsChargedButLeftOutOfTheWindows() {
        billing.send(usage("acct", SLUG, 5, START.plus(Duration.ofDays(365))).build());
        billing.send(usage("acct", SLUG, 7, START).build());

        Map<String, UsageWindow> minutes = emitted(UsageWindowSize.ONE_MINUTE);

        assertThat(minutes.values()).singleElement().satisfies(w -> assertThat(w.getCostMicros()).isEqualTo(7));
        assertThat(billing.balance("acct").getLifetimeSpentMicros()).isEqualTo(12);
        assertThat(billing.counter(BillingSensors.SKIPPED_USAGE)).isEqualTo(1);
    }
}
