package io.inferline.schemas.topic;

import java.util.List;

/**
 * Header names on every dead-letter record. The record's key and value are the original bytes,
 * untouched; these headers say why it was dead-lettered and where it came from. Values are UTF-8
 * strings (times in epoch milliseconds, numbers in decimal). The same facts, readable, are the
 * fields of the Avro {@code DeadLetter} record.
 */
public final class DeadLetterHeaders {
    /** Every header name starts with this, so tools can strip or copy them as a group. */
    public static final String PREFIX = "inferline.dlq.";

    public static final String ERROR_CLASS = PREFIX + "error.class";
    public static final String ERROR_MESSAGE = PREFIX + "error.message";
    public static final String STAGE = PREFIX + "stage";
    public static final String ATTEMPTS = PREFIX + "attempts";
    public static final String FIRST_FAILURE_MS = PREFIX + "first.failure.ms";
    public static final String LAST_FAILURE_MS = PREFIX + "last.failure.ms";
    public static final String SOURCE_TOPIC = PREFIX + "source.topic";
    public static final String SOURCE_PARTITION = PREFIX + "source.partition";
    public static final String SOURCE_OFFSET = PREFIX + "source.offset";

    /** All of them, in the order above. */
    public static final List<String> ALL = List.of(ERROR_CLASS, ERROR_MESSAGE, STAGE, ATTEMPTS,
            FIRST_FAILURE_MS, LAST_FAILURE_MS, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET);

    private DeadLetterHeaders() {
    }
}
