package io.inferline.billing.ledger;

/**
 * Why a record is not applied: the error class and message of its dead letter. The classes are
 * stable (operators filter dead letters on them); never rename one.
 */
public record Rejection(String errorClass, String message) {

    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    public static final String MISSING_ID = "MISSING_ID";
    public static final String UNKNOWN_UNIT = "UNKNOWN_UNIT";
    public static final String UNKNOWN_GRANT_KIND = "UNKNOWN_GRANT_KIND";
    public static final String NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT";
    public static final String ZERO_AMOUNT = "ZERO_AMOUNT";
    public static final String ABSURD_AMOUNT = "ABSURD_AMOUNT";
    public static final String INVALID_SEQUENCE = "INVALID_SEQUENCE";
    public static final String OVERFLOW = "OVERFLOW";
    public static final String EMPTY_RECORD = "EMPTY_RECORD";
}
