package io.inferline.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.CreditBalance;
import io.inferline.avro.router.ReservationLedger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetGateTest {

    private static Optional<CreditBalance> balance(long balance, long reserved, long seq) {
        return Optional.of(CreditBalance.newBuilder().setAccountId("a").setBalanceMicros(balance).setReservedMicros(reserved)
                .setReservationSeq(seq).setUpdatedAt(Instant.EPOCH).build());
    }

    @Test
    void reservesWhileTheBalanceCoversItThenRefuses() {
        Optional<CreditBalance> balance = balance(1_000, 0, 0);
        ReservationLedger ledger = BudgetGate.emptyLedger(balance);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            BudgetGate.Decision decision = BudgetGate.reserve(balance, ledger, "r" + i, 300);
            ledger = decision.ledger();
            if (decision.admitted()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(3);
        assertThat(BudgetGate.available(balance, ledger)).isEqualTo(100);
        assertThat(ledger.getPending()).extracting(p -> p.getSeq()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void reservationsTheTableAlreadyCountsAreNotCountedTwice() {
        ReservationLedger ledger = BudgetGate.emptyLedger(balance(1_000, 0, 0));
        ledger = BudgetGate.reserve(balance(1_000, 0, 0), ledger, "r1", 400).ledger();
        ledger = BudgetGate.reserve(balance(1_000, 0, 0), ledger, "r2", 400).ledger();

        // billing applied reservation 1 (reserved 400) and then charged it 250 (balance 750, reserved 0)
        Optional<CreditBalance> updated = balance(750, 0, 1);
        BudgetGate.Decision decision = BudgetGate.reserve(updated, ledger, "r3", 350);

        assertThat(decision.admitted()).isTrue();
        assertThat(decision.seq()).isEqualTo(3);
        assertThat(decision.ledger().getPending()).extracting(p -> p.getRequestId()).containsExactly("r2", "r3");
        assertThat(decision.availableMicros()).isZero();
    }

    @Test
    void anAccountWithoutBalanceCannotSpend() {
        BudgetGate.Decision decision = BudgetGate.reserve(Optional.empty(), BudgetGate.emptyLedger(Optional.empty()), "r", 1);

        assertThat(decision.admitted()).isFalse();
        assertThat(BudgetGate.reserve(Optional.empty(), BudgetGate.emptyLedger(Optional.empty()), "r", 0).admitted()).isTrue();
    }
}
