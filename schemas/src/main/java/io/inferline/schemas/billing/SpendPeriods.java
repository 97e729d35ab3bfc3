package io.inferline.schemas.billing;

import io.inferline.avro.CreditBalance;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How spend limits cut time: UTC days and UTC months. The billing aggregator dates a charge by its
 * usage event's {@code occurred_at} and keeps the current day's and month's totals in
 * {@link CreditBalance}; the router reads them through {@link #spentToday} and
 * {@link #spentThisMonth}. One definition, so the two can never disagree about when a day ends.
 */
public final class SpendPeriods {

    private SpendPeriods() {
    }

    /** UTC midnight at or before {@code at}. */
    public static Instant dayStart(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS);
    }

    /** UTC midnight of the first day of {@code at}'s month. */
    public static Instant monthStart(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant of the next UTC day. */
    public static Instant nextDay(Instant at) {
        return dayStart(at).plus(1, ChronoUnit.DAYS);
    }

    /** The first instant of the next UTC month. */
    public static Instant nextMonth(Instant at) {
        return LocalDate.ofInstant(monthStart(at), ZoneOffset.UTC).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * What the balance says was charged on {@code now}'s UTC day: its day total if it counts that
     * day (or a later one: a clock behind the aggregator's must not forget charges), else 0.
     */
    public static long spentToday(CreditBalance balance, Instant now) {
        return balance.getDayStart().isBefore(dayStart(now)) ? 0 : balance.getDaySpentMicros();
    }

    /** What the balance says was charged in {@code now}'s UTC month, like {@link #spentToday}. */
    public static long spentThisMonth(CreditBalance balance, Instant now) {
        return balance.getMonthStart().isBefore(monthStart(now)) ? 0 : balance.getMonthSpentMicros();
    }
}
