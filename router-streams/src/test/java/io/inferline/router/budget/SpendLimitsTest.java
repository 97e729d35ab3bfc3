package io.inferline.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.router.ReservationLedger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpendLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static Optional<AccountProfile> limits(Long daily, Long monthly) {
        return Optional.of(AccountProfile.newBuilder().setAccountId("a").setDailySpendLimitMicros(daily)
                .setMonthlySpendLimitMicros(monthly).setUpdatedAt(NOW).build());
    }

    private static Optional<CreditBalance> balance(String dayStart, long daySpent, long monthSpent, long reserved) {
        return Optional.of(CreditBalance.newBuilder().setAccountId("a").setBalanceMicros(1_000_000_000).setReservedMicros(reserved)
                .setDayStart(Instant.parse(dayStart)).setDaySpentMicros(daySpent)
                .setMonthStart(Instant.parse("2026-11-01T00:00:00Z")).setMonthSpentMicros(monthSpent)
                .setUpdatedAt(NOW).build());
    }

    @Test
    void theDaysChargesReservationsAndTheRequestMustFitTheDailyLimit() {
        Optional<CreditBalance> balance = balance("2026-11-25T00:00:00Z", 600, 600, 100);
        ReservationLedger ledger = BudgetGate.reserve(balance, BudgetGate.emptyLedger(balance), "r1", 200).ledger();

        assertThat(SpendLimits.check(limits(1_000L, null), balance, ledger, 100, NOW)).isEmpty();
        Optional<SpendLimits.Refusal> refused = SpendLimits.check(limits(1_000L, null), balance, ledger, 101, NOW);

        assertThat(refused).hasValueSatisfying(r -> {
            assertThat(r.period()).isEqualTo("daily");
            assertThat(r.committedMicros()).isEqualTo(600 + 100 + 200);
            assertThat(r.resetsAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        });
    }

    @Test
    void yesterdaysChargesDoNotCountTodayButTheMonthsDo() {
        Optional<CreditBalance> balance = balance("2026-11-24T00:00:00Z", 900, 4_900, 0);
        ReservationLedger ledger = BudgetGate.emptyLedger(balance);

        assertThat(SpendLimits.check(limits(1_000L, null), balance, ledger, 1_000, NOW)).isEmpty();
        assertThat(SpendLimits.check(limits(1_000L, 5_000L), balance, ledger, 101, NOW))
                .hasValueSatisfying(r -> {
                    assertThat(r.period()).isEqualTo("monthly");
                    assertThat(r.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
                });
    }

    @Test
    void noProfileOrNoLimitMeansNoLimit() {
        Optional<CreditBalance> balance = balance("2026-11-25T00:00:00Z", Long.MAX_VALUE, Long.MAX_VALUE, 0);

        assertThat(SpendLimits.check(Optional.empty(), balance, BudgetGate.emptyLedger(balance), 1, NOW)).isEmpty();
        assertThat(SpendLimits.check(limits(null, null), balance, BudgetGate.emptyLedger(balance), 1, NOW)).isEmpty();
        assertThat(SpendLimits.check(limits(Long.MAX_VALUE - 1, null), balance, BudgetGate.emptyLedger(balance), 1, NOW))
                .as("no wrap-around").isPresent();
    }
}
