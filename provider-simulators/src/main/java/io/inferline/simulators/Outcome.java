package io.inferline.simulators;

/**
 * The fate drawn for one accepted request.
 *
 * @param status  the HTTP status answered, or -1 when no HTTP answer is given (timeout, reset)
 * @param delayMs how long to wait before acting (the latency, or the hold of a timeout)
 */
record Outcome(Kind kind, int status, long delayMs) {

    enum Kind { ANSWER, ERROR, MALFORMED, RESET, TIMEOUT }
}
