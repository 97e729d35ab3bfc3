package io.inferline.schemas.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.CreditBalance;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpendPeriodsTest {

    private static CreditBalance spent(String dayStart, long day, String monthStart, long month) {
        return CreditBalance.newBuilder().setAccountId("a").setUpdatedAt(Instant.EPOCH)
                .setDayStart(Instant.parse(dayStart)).setDaySpentMicros(day)
                .setMonthStart(Instant.parse(monthStart)).setMonthSpentMicros(month).build();
    }

    @Test
    void daysAndMonthsAreUtc() {
        Instant at = Instant.parse("2026-02-28T23:59:59.999Z");

        assertThat(SpendPeriods.dayStart(at)).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(SpendPeriods.monthStart(at)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(SpendPeriods.nextDay(at)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(SpendPeriods.nextMonth(at)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(SpendPeriods.nextMonth(Instant.parse("2026-12-31T12:00:00Z"))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void aNewDayOrMonthStartsFromZeroButALaterOneStillCounts() {
        CreditBalance balance = spent("2026-03-10T00:00:00Z", 70, "2026-03-01T00:00:00Z", 900);

        assertThat(SpendPeriods.spentToday(balance, Instant.parse("2026-03-10T18:00:00Z"))).isEqualTo(70);
        assertThat(SpendPeriods.spentToday(balance, Instant.parse("2026-03-11T00:00:00Z"))).isZero();
        assertThat(SpendPeriods.spentThisMonth(balance, Instant.parse("2026-03-31T23:00:00Z"))).isEqualTo(900);
        assertThat(SpendPeriods.spentThisMonth(balance, Instant.parse("2026-04-01T00:00:00Z"))).isZero();
        // a router whose clock is behind the aggregator's still sees the charges
        assertThat(SpendPeriods.spentToday(balance, Instant.parse("2026-03-09T23:59:00Z"))).isEqualTo(70);
    }
}
