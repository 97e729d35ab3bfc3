package io.inferline.router.budget;

import io.inferline.avro.CreditBalance;
import io.inferline.avro.router.PendingReservation;
import io.inferline.avro.router.ReservationLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The budget check of one account. The credit-balances table (written by the billing aggregator)
 * says what is left and which of the router's reservations it already counts
 * ({@code reservation_seq}); the ledger holds the router's reservations it does not count yet.
 * Because one account's requests are all processed in one task, the check and the reservation
 * cannot race: spend never exceeds the balance when estimates are upper bounds.
 */
public final class BudgetGate {

    private BudgetGate() {
    }

    /** The outcome of a reservation attempt; {@code ledger} is the state to store either way. */
    public record Decision(boolean admitted, long availableMicros, long seq, ReservationLedger ledger) {
    }

    /** Micro-credits the account can still commit: balance minus reserved, minus what the table does not count yet. */
    public static long available(Optional<CreditBalance> balance, ReservationLedger ledger) {
        long base = balance.map(b -> b.getBalanceMicros() - b.getReservedMicros()).orElse(0L);
        return base - pendingTotal(ledger);
    }

    /** Reserves {@code amount} if it fits; prunes the reservations the table already counts. */
    public static Decision reserve(Optional<CreditBalance> balance, ReservationLedger current, String requestId, long amount) {
        ReservationLedger ledger = pruned(balance, current);
        long available = available(balance, ledger);
        if (amount > available) {
            return new Decision(false, available, 0, ledger);
        }
        long seq = ledger.getNextSeq();
        List<PendingReservation> pending = new ArrayList<>(ledger.getPending());
        pending.add(PendingReservation.newBuilder().setSeq(seq).setRequestId(requestId).setAmountMicros(amount).build());
        ReservationLedger next = ReservationLedger.newBuilder().setNextSeq(seq + 1).setPending(pending).build();
        return new Decision(true, available - amount, seq, next);
    }

    /** An empty ledger whose next sequence continues after the one the balance table has seen. */
    public static ReservationLedger emptyLedger(Optional<CreditBalance> balance) {
        return ReservationLedger.newBuilder().setNextSeq(balance.map(b -> b.getReservationSeq() + 1).orElse(1L))
                .setPending(List.of()).build();
    }

    /** Micro-credits the router reserved that the balance does not count yet (above its {@code reservation_seq}). */
    public static long unapplied(Optional<CreditBalance> balance, ReservationLedger ledger) {
        return pendingTotal(pruned(balance, ledger));
    }

    static ReservationLedger pruned(Optional<CreditBalance> balance, ReservationLedger ledger) {
        long applied = balance.map(CreditBalance::getReservationSeq).orElse(0L);
        List<PendingReservation> pending = ledger.getPending().stream().filter(r -> r.getSeq() > applied).toList();
        long nextSeq = Math.max(ledger.getNextSeq(), applied + 1);
        return ReservationLedger.newBuilder().setNextSeq(nextSeq).setPending(pending).build();
    }

    private static long pendingTotal(ReservationLedger ledger) {
        long total = 0;
        for (PendingReservation reservation : ledger.getPending()) {
            total += reservation.getAmountMicros();
        }
        return total;
    }
}
