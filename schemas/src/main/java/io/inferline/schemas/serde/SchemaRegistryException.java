package io.inferline.schemas.serde;

/** A schema registry call failed. Messages never contain credentials. */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The registry answered with a client error (4xx): retrying the same call will not help. */
    public static class RequestRejected extends SchemaRegistryException {
        private static final long serialVersionUID = 1L;
        private final int httpStatus;
        private final int errorCode;

        public RequestRejected(String message, int httpStatus, int errorCode) {
            super(message, null);
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The Confluent {@code error_code} of the body, or -1 when there was none. */
        public int errorCode() {
            return errorCode;
        }

        /** 404: no such subject, version or schema id. */
        public boolean isNotFound() {
            return httpStatus == 404;
        }
    }

    /** The registry could not be reached, or kept answering 5xx, after the configured retries. */
    public static class Unavailable extends SchemaRegistryException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
