package io.inferline.workers.runtime;

/** Where a record came from, which decides its priority. */
enum Lane {
    /** {@code provider-requests-<p>}: single calls a client is waiting for. */
    INTERACTIVE,
    /** {@code provider-requests-<p>-batch}: job lines; they get only the capacity interactive work leaves. */
    BATCH,
    /** {@code provider-requests-<p>-retry}: requests waiting for their not-before time. */
    RETRY,
    /** {@code provider-tasks}: the next step of each provider task in flight (poll, answer, cancel). */
    TASKS
}
