package io.inferline.schemas.serde;

import java.util.Optional;

/**
 * A schema registry call failed. Messages name the registry URL (without credentials), the call and
 * the subject or id; they never contain credentials. The subclasses tell apart what a caller can do:
 * nothing but fix the request ({@link RequestRejected}), or wait ({@link Unavailable}). The base class
 * is used for answers this client cannot use (not JSON, no schema, not an Avro schema).
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The registry answered with a client error (4xx, or an unexpected 3xx): retrying the same call
     * will not help. Judge it by {@link #httpStatus()}: registries differ in their {@code error_code}s.
     */
    public static class RequestRejected extends SchemaRegistryException {
        private static final long serialVersionUID = 1L;
        private final int httpStatus;
        private final int errorCode;
        private final String subject;

        public RequestRejected(String message, int httpStatus, int errorCode) {
            this(message, httpStatus, errorCode, null);
        }

        public RequestRejected(String message, int httpStatus, int errorCode, String subject) {
            super(message, null);
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
            this.subject = subject;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The Confluent {@code error_code} of the body, or -1 when there was none. */
        public int errorCode() {
            return errorCode;
        }

        /** The subject of the call, when it had one (not for a lookup by id). */
        public Optional<String> subject() {
            return Optional.ofNullable(subject);
        }

        /** 404: no such subject, version or schema id (or the schema is not registered under the subject). */
        public boolean isNotFound() {
            return httpStatus == 404;
        }

        /** 409: the schema is incompatible with the subject's earlier versions. */
        public boolean isIncompatible() {
            return httpStatus == 409;
        }

        /** 401 or 403: missing or wrong credentials, or no permission. */
        public boolean isUnauthorized() {
            return httpStatus == 401 || httpStatus == 403;
        }
    }

    /** The registry could not be reached, or kept answering 5xx/408/429, after the configured retries. */
    public static class Unavailable extends SchemaRegistryException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
