package io.inferline.workers.provider;

/** The request asks for something the provider's API cannot express; it is answered FAILED, never retried. */
public final class UnsupportedRequestException extends RuntimeException {

    public UnsupportedRequestException(String message) {
        super(message);
    }
}
