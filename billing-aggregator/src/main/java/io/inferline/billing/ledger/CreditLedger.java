package io.inferline.billing.ledger;

import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.UsageEvent;
import io.inferline.schemas.billing.SpendPeriods;
import java.time.Instant;

/**
 * How grants, the router's reservations and charges change an account's credit pool. Pure
 * functions of the balance before; every sum is exact ({@link ArithmeticException} on overflow,
 * which the caller dead-letters: money never wraps around). Each change bumps {@code version}.
 */
public final class CreditLedger {

    private CreditLedger() {
    }

    /** The balance of an account nothing has happened to yet. */
    public static CreditBalance opening(String accountId) {
        return CreditBalance.newBuilder().setAccountId(accountId).setUpdatedAt(Instant.EPOCH).build();
    }

    /** A top-up, refund or adjustment: the pool and the lifetime grants move by its amount. */
    public static CreditBalance grant(CreditBalance before, CreditGrant grant, Instant at) {
        return CreditBalance.newBuilder(before)
                .setBalanceMicros(Math.addExact(before.getBalanceMicros(), grant.getAmountMicros()))
                .setLifetimeGrantedMicros(Math.addExact(before.getLifetimeGrantedMicros(), grant.getAmountMicros()))
                .setVersion(before.getVersion() + 1)
                .setUpdatedAt(at)
                .build();
    }

    /** True when the balance already includes this reservation (the router numbers them per account). */
    public static boolean alreadyApplied(CreditBalance balance, BudgetReservation reservation) {
        return reservation.getSeq() <= balance.getReservationSeq();
    }

    /**
     * A router reservation (or release, if negative): reserved moves by its amount and
     * {@code reservation_seq} says the router need not count it itself any more.
     */
    public static CreditBalance reserve(CreditBalance before, BudgetReservation reservation, Instant at) {
        return CreditBalance.newBuilder(before)
                .setReservedMicros(Math.addExact(before.getReservedMicros(), reservation.getAmountMicros()))
                .setReservationSeq(reservation.getSeq())
                .setVersion(before.getVersion() + 1)
                .setUpdatedAt(at)
                .build();
    }

    /**
     * A usage event, in one update: its cost leaves the pool and its reservation is released, so
     * available (balance - reserved) never counts the request twice or not at all. The charge counts
     * toward the spend of its UTC day and month (by {@code occurred_at}); a charge dated before the
     * day or month the balance counts only adds to the lifetime total.
     */
    public static CreditBalance charge(CreditBalance before, UsageEvent usage, Instant at) {
        long cost = usage.getCostMicros();
        CreditBalance.Builder next = CreditBalance.newBuilder(before)
                .setBalanceMicros(Math.subtractExact(before.getBalanceMicros(), cost))
                .setReservedMicros(Math.subtractExact(before.getReservedMicros(), usage.getReservedMicros()))
                .setLifetimeSpentMicros(Math.addExact(before.getLifetimeSpentMicros(), cost))
                .setVersion(before.getVersion() + 1)
                .setUpdatedAt(at);
        Instant day = SpendPeriods.dayStart(usage.getOccurredAt());
        if (day.isAfter(before.getDayStart())) {
            next.setDayStart(day).setDaySpentMicros(cost);
        } else if (day.equals(before.getDayStart())) {
            next.setDaySpentMicros(Math.addExact(before.getDaySpentMicros(), cost));
        }
        Instant month = SpendPeriods.monthStart(usage.getOccurredAt());
        if (month.isAfter(before.getMonthStart())) {
            next.setMonthStart(month).setMonthSpentMicros(cost);
        } else if (month.equals(before.getMonthStart())) {
            next.setMonthSpentMicros(Math.addExact(before.getMonthSpentMicros(), cost));
        }
        return next.build();
    }
}
