package io.inferline.billing.topology;

import static io.inferline.billing.topology.BillingFixture.CREDIT;
import static io.inferline.billing.topology.BillingFixture.START;
import static io.inferline.billing.topology.BillingFixture.grant;
import static io.inferline.billing.topology.BillingFixture.reservation;
import static io.inferline.billing.topology.BillingFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.AlertKind;
import io.inferline.avro.BalanceAlert;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.GrantKind;
import io.inferline.avro.UsageEvent;
import io.inferline.billing.BillingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerTopologyTest {

    private BillingFixture billing = new BillingFixture();

    @AfterEach
    void close() {
        billing.close();
    }

    @Test
    void grantsAndChargesMoveTheBalanceAndEveryChangeIsPublished() {
        billing.grant("acct", 10 * CREDIT);
        billing.send(usage("acct", "openai/gpt-4o-mini", 1_250, START).build());
        billing.send(usage("acct", "anthropic/claude-sonnet-4-5", 30_000, START.plusSeconds(5)).build());
        billing.send(grant("acct", -2 * CREDIT, GrantKind.ADJUSTMENT).build());

        CreditBalance balance = billing.balance("acct");
        assertThat(balance.getBalanceMicros()).isEqualTo(10 * CREDIT - 31_250 - 2 * CREDIT);
        assertThat(balance.getLifetimeGrantedMicros()).isEqualTo(8 * CREDIT);
        assertThat(balance.getLifetimeSpentMicros()).isEqualTo(31_250);
        assertThat(balance.getVersion()).isEqualTo(4);
        assertThat(balance.getDaySpentMicros()).isEqualTo(31_250);
        assertThat(balance.getDayStart()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(balance.getMonthStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        List<CreditBalance> published = billing.balances.readValuesToList();
        assertThat(published).extracting(CreditBalance::getVersion).containsExactly(1L, 2L, 3L, 4L);
        assertThat(published.get(3)).isEqualTo(balance);
    }

    @Test
    void everyUsageEventDeliveredTwiceIsChargedOnce() {
        Random random = new Random(7);
        List<UsageEvent> events = new ArrayList<>();
        long[] expected = new long[5];
        for (int a = 0; a < 5; a++) {
            billing.grant("acct-" + a, 100 * CREDIT);
        }
        for (int i = 0; i < 300; i++) {
            int account = random.nextInt(5);
            long cost = 1 + random.nextInt(50_000);
            events.add(usage("acct-" + account, "openai/gpt-4o-mini", cost, START.plusMillis(i * 100L)).build());
            expected[account] += cost;
        }
        List<UsageEvent> twice = new ArrayList<>(events);
        twice.addAll(events);
        java.util.Collections.shuffle(twice, random);

        twice.forEach(billing::send);

        for (int a = 0; a < 5; a++) {
            CreditBalance balance = billing.balance("acct-" + a);
            assertThat(balance.getBalanceMicros()).as("acct-%d", a).isEqualTo(100 * CREDIT - expected[a]);
            assertThat(balance.getLifetimeSpentMicros()).isEqualTo(expected[a]);
        }
        assertThat(billing.counter(BillingSensors.DUPLICATES)).isEqualTo(300);
        assertThat(billing.counter(BillingSensors.FOLDED)).isEqualTo(5 + 300);
        // the usage windows count each request once too
        long counted = billing.windows(io.inferline.schemas.topic.UsageWindowSize.ONE_DAY).readKeyValuesToMap().values()
                .stream().mapToLong(w -> w.getRequests()).sum();
        assertThat(counted).isEqualTo(300);
    }

    @Test
    void aRequestIdIsPerAccount() {
        UsageEvent first = usage("a", "openai/gpt-4o-mini", 100, START).setRequestId("same-id").build();
        UsageEvent other = usage("b", "openai/gpt-4o-mini", 100, START).setRequestId("same-id").build();

        billing.send(first);
        billing.send(other);

        assertThat(billing.balance("a").getLifetimeSpentMicros()).isEqualTo(100);
        assertThat(billing.balance("b").getLifetimeSpentMicros()).isEqualTo(100);
    }

    @Test
    void aReplayAfterTheDedupRetentionIsChargedAgain() {
        billing.close();
        billing = new BillingFixture(Map.of(BillingConfig.DEDUP_RETENTION_MS_CONFIG, Duration.ofHours(1).toMillis()));
        UsageEvent event = usage("acct", "openai/gpt-4o-mini", 500, START).build();
        billing.send(event);
        billing.driver.advanceWallClockTime(Duration.ofMinutes(59));
        billing.send(event);
        assertThat(billing.balance("acct").getLifetimeSpentMicros()).isEqualTo(500);

        billing.driver.advanceWallClockTime(Duration.ofMinutes(2));
        billing.send(event);

        assertThat(billing.balance("acct").getLifetimeSpentMicros()).as("remembered for one hour only").isEqualTo(1_000);
    }

    @Test
    void aGrantIdIsAppliedOnce() {
        var grant = grant("acct", 5 * CREDIT, GrantKind.TOP_UP).build();

        billing.send(grant);
        billing.driver.advanceWallClockTime(Duration.ofDays(400));
        billing.send(grant);

        assertThat(billing.balance("acct").getBalanceMicros()).isEqualTo(5 * CREDIT);
        assertThat(billing.balances.readValuesToList()).hasSize(1);
    }

    @Test
    void reservationsAreHeldUntilTheirChargeReleasesThem() {
        billing.grant("acct", 10 * CREDIT);
        billing.send(reservation("acct", 1, 400_000));
        billing.send(reservation("acct", 2, 300_000));
        CreditBalance reserved = billing.balance("acct");
        assertThat(reserved.getReservedMicros()).isEqualTo(700_000);
        assertThat(reserved.getReservationSeq()).isEqualTo(2);
        assertThat(reserved.getBalanceMicros()).isEqualTo(10 * CREDIT);

        billing.send(usage("acct", "openai/gpt-4o", 120_000, START).setRequestId("req-1").setReservedMicros(400_000).build());

        CreditBalance settled = billing.balance("acct");
        assertThat(settled.getBalanceMicros()).isEqualTo(10 * CREDIT - 120_000);
        assertThat(settled.getReservedMicros()).isEqualTo(300_000);
        assertThat(settled.getReservationSeq()).isEqualTo(2);
        assertThat(settled.getVersion()).as("charge and release are one change").isEqualTo(reserved.getVersion() + 1);
    }

    @Test
    void aChargeArrivingBeforeItsReservationStillAddsUp() {
        billing.grant("acct", 10 * CREDIT);

        billing.send(usage("acct", "openai/gpt-4o", 120_000, START).setReservedMicros(400_000).build());
        billing.send(reservation("acct", 1, 400_000));

        CreditBalance balance = billing.balance("acct");
        assertThat(balance.getReservedMicros()).isZero();
        assertThat(balance.getBalanceMicros() - balance.getReservedMicros()).isEqualTo(10 * CREDIT - 120_000);
    }

    @Test
    void aReservationTheBalanceAlreadyCountsChangesNothing() {
        billing.send(reservation("acct", 1, 400_000));
        billing.send(reservation("acct", 2, 100_000));

        billing.send(reservation("acct", 1, 400_000));
        billing.send(reservation("acct", 2, 100_000));

        assertThat(billing.balance("acct").getReservedMicros()).isEqualTo(500_000);
        assertThat(billing.counter(BillingSensors.DUPLICATES)).isEqualTo(2);
    }

    @Test
    void spendIsCountedPerUtcDayAndMonthByWhenTheRequestCompleted() {
        Instant lastDayOfMonth = Instant.parse("2026-11-30T23:59:00Z");
        billing.send(usage("acct", "openai/gpt-4o", 100, lastDayOfMonth).build());
        billing.send(usage("acct", "openai/gpt-4o", 200, lastDayOfMonth.plusSeconds(30)).build());
        assertThat(billing.balance("acct").getDaySpentMicros()).isEqualTo(300);
        assertThat(billing.balance("acct").getMonthSpentMicros()).isEqualTo(300);

        billing.send(usage("acct", "openai/gpt-4o", 50, Instant.parse("2026-12-01T00:00:01Z")).build());
        // a charge dated on the day before only adds to the lifetime total
        billing.send(usage("acct", "openai/gpt-4o", 7, lastDayOfMonth).build());

        CreditBalance balance = billing.balance("acct");
        assertThat(balance.getDayStart()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(balance.getDaySpentMicros()).isEqualTo(50);
        assertThat(balance.getMonthStart()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(balance.getMonthSpentMicros()).isEqualTo(50);
        assertThat(balance.getLifetimeSpentMicros()).isEqualTo(357);
    }

    @Test
    void alertsAreRaisedOncePerCrossing() {
        billing.grant("acct", 3 * CREDIT);   // default low threshold: 1 credit
        for (int i = 0; i < 5; i++) {
            billing.send(usage("acct", "openai/gpt-4o", 500_000, START.plusSeconds(i)).build());   // 2.5, 2, 1.5, 1, 0.5
        }
        assertThat(billing.alerts.readValuesToList()).extracting(BalanceAlert::getKind, BalanceAlert::getBalanceMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.LOW_BALANCE, 500_000L));

        billing.send(usage("acct", "openai/gpt-4o", 500_000, START.plusSeconds(10)).build());   // 0
        billing.send(usage("acct", "openai/gpt-4o", 10, START.plusSeconds(11)).build());        // below 0
        assertThat(billing.alerts.readValuesToList()).extracting(BalanceAlert::getKind).containsExactly(AlertKind.EXHAUSTED);

        billing.grant("acct", 5 * CREDIT);
        billing.send(usage("acct", "openai/gpt-4o", 10, START.plusSeconds(12)).build());
        List<BalanceAlert> recovered = billing.alerts.readValuesToList();
        assertThat(recovered).extracting(BalanceAlert::getKind).containsExactly(AlertKind.RECOVERED);
        assertThat(recovered.get(0).getThresholdMicros()).isEqualTo(CREDIT);
    }

    @Test
    void theProfileSetsTheLowBalanceThresholdAndOneChangeMayCrossBoth() {
        billing.profile(AccountProfile.newBuilder().setAccountId("acct").setLowBalanceThresholdMicros(5 * CREDIT)
                .setUpdatedAt(START).build());
        billing.grant("acct", 6 * CREDIT);

        billing.send(usage("acct", "openai/gpt-4o", 7 * CREDIT, START).build());

        assertThat(billing.alerts.readValuesToList()).extracting(BalanceAlert::getKind, BalanceAlert::getThresholdMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.LOW_BALANCE, 5 * CREDIT),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.EXHAUSTED, 0L));
    }

    @Test
    void reservationsDoNotRaiseAlerts() {
        billing.grant("acct", 2 * CREDIT);

        billing.send(reservation("acct", 1, 2 * CREDIT));

        assertThat(billing.alerts.isEmpty()).isTrue();
    }
}
