package io.inferline.billing.topology;

import io.inferline.avro.BalanceAlert;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.UsageEvent;

/** What the ledger emits; each kind goes to its own sink (or, for charges, on to the usage windows). */
sealed interface BillingOutput {

    /** The new balance of an account, for credit-balances. */
    record BalanceChanged(CreditBalance balance) implements BillingOutput {
    }

    /** A threshold crossing, for balance-alerts. */
    record Alerted(BalanceAlert alert) implements BillingOutput {
    }

    /** A usage event charged for the first time: the usage windows count exactly these. */
    record Charged(UsageEvent usage) implements BillingOutput {
    }

    /** A record not applied: its original bytes, with the dead-letter headers on the record. */
    record DeadLettered(byte[] key, byte[] value) implements BillingOutput {
    }
}
