package io.inferline.schemas.topic;

/**
 * Header names on every dead-letter record. The record's key and value are the original bytes,
 * untouched; these headers say why it was dead-lettered and where it came from. Values are UTF-8
 * strings (times in epoch milliseconds, numbers in decimal).
 */
public final class DeadLetterHeaders {
    public static final String ERROR_CLASS = "inferline.dlq.error.class";
    public static final String ERROR_MESSAGE = "inferline.dlq.error.message";
    public static final String STAGE = "inferline.dlq.stage";
    public static final String ATTEMPTS = "inferline.dlq.attempts";
    public static final String FIRST_FAILURE_MS = "inferline.dlq.first.failure.ms";
    public static final String LAST_FAILURE_MS = "inferline.dlq.last.failure.ms";
    public static final String SOURCE_TOPIC = "inferline.dlq.source.topic";
    public static final String SOURCE_PARTITION = "inferline.dlq.source.partition";
    public static final String SOURCE_OFFSET = "inferline.dlq.source.offset";

    private DeadLetterHeaders() {
    }
}
