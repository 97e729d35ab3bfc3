package io.inferline.schemas.serde;

/** Doubling backoff between registry retries, capped: {@code initialMs, 2 x initialMs, ...} up to {@code maxMs}. */
record RetryBackoff(long initialMs, long maxMs) {

    /** The wait before retry number {@code retry} (1 for the first retry). */
    long delayMs(int retry) {
        long delay = initialMs;
        for (int i = 1; i < retry && delay < maxMs; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Math.min(delay, maxMs);
    }
}
