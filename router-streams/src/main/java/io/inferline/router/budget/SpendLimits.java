package io.inferline.router.budget;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.router.ReservationLedger;
import io.inferline.schemas.billing.SpendPeriods;
import java.time.Instant;
import java.util.Optional;

/**
 * The account profile's daily and monthly spend limits, held together with the billing
 * aggregator: it keeps what was charged in the current UTC day and month in the balance, and the
 * router counts on top of that every reservation not charged yet (the balance's reserved and its
 * own pending ones). A request is refused when its worst case would take either period past its
 * limit, so spend stays within the limit whenever estimates are upper bounds. Reservations made
 * in an earlier period still count until charged: the check errs on the side of the limit.
 */
public final class SpendLimits {

    private SpendLimits() {
    }

    /** A limit the request would cross: which, how much is committed already, and when the period starts over. */
    public record Refusal(String period, long limitMicros, long committedMicros, Instant resetsAt) {
    }

    public static Optional<Refusal> check(Optional<AccountProfile> profile, Optional<CreditBalance> balance,
                                          ReservationLedger ledger, long worstCaseMicros, Instant now) {
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        Long daily = profile.get().getDailySpendLimitMicros();
        Long monthly = profile.get().getMonthlySpendLimitMicros();
        if (daily == null && monthly == null) {
            return Optional.empty();
        }
        long outstanding = saturatedAdd(balance.map(CreditBalance::getReservedMicros).orElse(0L), BudgetGate.unapplied(balance, ledger));
        if (daily != null) {
            long committed = saturatedAdd(balance.map(b -> SpendPeriods.spentToday(b, now)).orElse(0L), outstanding);
            if (saturatedAdd(committed, worstCaseMicros) > daily) {
                return Optional.of(new Refusal("daily", daily, committed, SpendPeriods.nextDay(now)));
            }
        }
        if (monthly != null) {
            long committed = saturatedAdd(balance.map(b -> SpendPeriods.spentThisMonth(b, now)).orElse(0L), outstanding);
            if (saturatedAdd(committed, worstCaseMicros) > monthly) {
                return Optional.of(new Refusal("monthly", monthly, committed, SpendPeriods.nextMonth(now)));
            }
        }
        return Optional.empty();
    }

    /** A sum that sticks at the long range instead of wrapping: an absurd figure must refuse, not admit. */
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
