package io.inferline.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InputChecksTest {

    private final InputChecks checks = new InputChecks(1_000_000);

    private static CreditGrant.Builder grant(long amount, GrantKind kind) {
        return CreditGrant.newBuilder().setGrantId("g").setAccountId("a").setAmountMicros(amount).setKind(kind)
                .setIssuedAt(Instant.EPOCH);
    }

    private String rejected(CreditGrant grant) {
        return checks.grant("a", grant).map(Rejection::errorClass).orElse("accepted");
    }

    @Test
    void grantsAreBoundedInBothDirections() {
        assertThat(rejected(grant(1_000_000, GrantKind.TOP_UP).build())).isEqualTo("accepted");
        assertThat(rejected(grant(1_000_001, GrantKind.TOP_UP).build())).isEqualTo(Rejection.ABSURD_AMOUNT);
        assertThat(rejected(grant(-1_000_000, GrantKind.ADJUSTMENT).build())).isEqualTo("accepted");
        assertThat(rejected(grant(-1_000_001, GrantKind.ADJUSTMENT).build())).isEqualTo(Rejection.ABSURD_AMOUNT);
        assertThat(rejected(grant(Long.MIN_VALUE, GrantKind.ADJUSTMENT).build())).isEqualTo(Rejection.ABSURD_AMOUNT);
        assertThat(rejected(grant(-1, GrantKind.REFUND).build())).isEqualTo(Rejection.NEGATIVE_AMOUNT);
        assertThat(rejected(grant(5, GrantKind.TOP_UP).setUnit("credits").build())).isEqualTo(Rejection.UNKNOWN_UNIT);
    }

    @Test
    void reservationsNeedARouterSequenceNumber() {
        BudgetReservation reservation = BudgetReservation.newBuilder().setAccountId("a").setRequestId("r").setAmountMicros(5)
                .setSeq(0).setAt(Instant.EPOCH).build();

        assertThat(checks.reservation("a", reservation)).map(Rejection::errorClass).hasValue(Rejection.INVALID_SEQUENCE);
        reservation.setSeq(1);
        assertThat(checks.reservation("a", reservation)).isEmpty();
        assertThat(checks.reservation("b", reservation)).map(Rejection::errorClass).hasValue(Rejection.KEY_MISMATCH);
    }
}
