package io.inferline.billing.ledger;

import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.avro.UsageEvent;
import java.util.Optional;

/**
 * What a decoded input must satisfy before it may touch a balance. Amounts are bounded by
 * {@code maxAmountMicros}: a grant of a billion credits is a typo, not a top-up.
 */
public final class InputChecks {

    /** The only currency unit of the pool. */
    public static final String MICRO_CREDITS = "micro-credits";

    private final long maxAmountMicros;

    public InputChecks(long maxAmountMicros) {
        if (maxAmountMicros < 1) {
            throw new IllegalArgumentException("the largest amount must be positive: " + maxAmountMicros);
        }
        this.maxAmountMicros = maxAmountMicros;
    }

    public Optional<Rejection> grant(String key, CreditGrant grant) {
        Optional<Rejection> addressed = addressed(key, grant.getAccountId(), "grant_id", grant.getGrantId());
        if (addressed.isPresent()) {
            return addressed;
        }
        if (!MICRO_CREDITS.equals(grant.getUnit())) {
            return reject(Rejection.UNKNOWN_UNIT, "unit '" + grant.getUnit() + "' is not " + MICRO_CREDITS
                    + "; convert the amount before granting it");
        }
        if (grant.getKind() == GrantKind.UNKNOWN) {
            return reject(Rejection.UNKNOWN_GRANT_KIND, "kind is UNKNOWN (or a kind this aggregator does not know);"
                    + " use TOP_UP, REFUND or ADJUSTMENT");
        }
        long amount = grant.getAmountMicros();
        if (amount == 0) {
            return reject(Rejection.ZERO_AMOUNT, "amount_micros is 0: nothing to grant");
        }
        if (amount < 0 && grant.getKind() != GrantKind.ADJUSTMENT) {
            return reject(Rejection.NEGATIVE_AMOUNT, "amount_micros " + amount + " is negative; only an ADJUSTMENT"
                    + " may take credits away");
        }
        if (amount > maxAmountMicros || amount < -maxAmountMicros) {
            return reject(Rejection.ABSURD_AMOUNT, "amount_micros " + amount + " is beyond the limit of "
                    + maxAmountMicros + " (billing.grant.max.micros)");
        }
        return Optional.empty();
    }

    public Optional<Rejection> usage(String key, UsageEvent usage) {
        Optional<Rejection> addressed = addressed(key, usage.getAccountId(), "request_id", usage.getRequestId());
        if (addressed.isPresent()) {
            return addressed;
        }
        if (usage.getCostMicros() < 0) {
            return reject(Rejection.NEGATIVE_AMOUNT, "cost_micros " + usage.getCostMicros() + " is negative");
        }
        if (usage.getReservedMicros() < 0) {
            return reject(Rejection.NEGATIVE_AMOUNT, "reserved_micros " + usage.getReservedMicros() + " is negative");
        }
        return Optional.empty();
    }

    public Optional<Rejection> reservation(String key, BudgetReservation reservation) {
        Optional<Rejection> addressed = addressed(key, reservation.getAccountId(), "request_id", reservation.getRequestId());
        if (addressed.isPresent()) {
            return addressed;
        }
        if (reservation.getSeq() < 1) {
            return reject(Rejection.INVALID_SEQUENCE, "seq " + reservation.getSeq() + " is not a router sequence number (1, 2, ...)");
        }
        long amount = reservation.getAmountMicros();
        if (amount > maxAmountMicros || amount < -maxAmountMicros) {
            return reject(Rejection.ABSURD_AMOUNT, "amount_micros " + amount + " is beyond the limit of " + maxAmountMicros);
        }
        return Optional.empty();
    }

    /** The record key must be the account id, so the account's records share one partition (and one task). */
    private static Optional<Rejection> addressed(String key, String accountId, String idField, String id) {
        if (accountId == null || accountId.isBlank()) {
            return reject(Rejection.KEY_MISMATCH, "account_id is empty");
        }
        if (!accountId.equals(key)) {
            return reject(Rejection.KEY_MISMATCH, "the record key must be the account id '" + accountId + "' (was '" + key + "')");
        }
        if (id == null || id.isBlank()) {
            return reject(Rejection.MISSING_ID, idField + " is empty");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String errorClass, String message) {
        return Optional.of(new Rejection(errorClass, message));
    }
}
