package io.inferline.billing.topology;

import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.UsageEvent;

/**
 * One input record of the ledger, decoded, with its original bytes kept for a dead letter. All
 * three input topics merge into one processor, so an account's grants, reservations and charges
 * are applied in one place, one at a time.
 */
sealed interface LedgerInput {

    byte[] key();

    byte[] value();

    record Usage(UsageEvent event, byte[] key, byte[] value) implements LedgerInput {
    }

    record Grant(CreditGrant grant, byte[] key, byte[] value) implements LedgerInput {
    }

    record Reservation(BudgetReservation reservation, byte[] key, byte[] value) implements LedgerInput {
    }

    /** Could not be decoded or is not acceptable: it goes to the dead-letter topic and nowhere else. */
    record Rejected(String errorClass, String message, String stage, byte[] key, byte[] value) implements LedgerInput {
    }
}
