package io.inferline.workers.provider.json;

/**
 * A successful HTTP answer whose body cannot be read: not JSON, or without a field the protocol
 * requires. Adapters turn it into an {@code invalid_response} failure; its message says what was
 * wrong and never carries more than a short excerpt of the body.
 */
public final class InvalidAnswerException extends RuntimeException {

    public InvalidAnswerException(String message) {
        super(message);
    }
}
