package io.inferline.router.topology;

/** Keys of the delayed-requests store, ordered by the time a request may go: zero-padded millis, then the id. */
final class DelayKeys {
    static final String FIRST = of(0, "");

    private DelayKeys() {
    }

    static String of(long notBeforeMs, String requestId) {
        return String.format("%019d|%s", notBeforeMs, requestId);
    }
}
