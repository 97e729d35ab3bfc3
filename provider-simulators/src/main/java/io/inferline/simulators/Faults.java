package io.inferline.simulators;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The misbehaviour injected into a provider's (or one model's) answers. Immutable: every {@code with...}
 * returns a copy, so a value can be handed to a running simulator and swapped atomically.
 *
 * <p>Per request one random draw picks at most one of: timeout, reset, malformed body, or an error status
 * (in the order they were added); the remaining probability is a normal answer. The rates must therefore
 * add up to at most 1. Latency (uniform between min and max milliseconds) applies to every outcome except
 * a timeout, which holds the request for {@link #timeoutHold()} instead.
 */
public final class Faults {

    /** How long a "timeout" holds a request before dropping it, unless configured. */
    public static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(60);

    private static final Faults NONE = new Faults(0, 0, Map.of(), 0, 0, 0, 1, DEFAULT_TIMEOUT_HOLD, 0);

    private final long minLatencyMs;
    private final long maxLatencyMs;
    private final Map<Integer, Double> errorRates;
    private final double timeoutRate;
    private final double resetRate;
    private final double malformedRate;
    private final int retryAfterSeconds;
    private final Duration timeoutHold;
    private final int downStatus;

    private Faults(long minLatencyMs, long maxLatencyMs, Map<Integer, Double> errorRates, double timeoutRate,
                   double resetRate, double malformedRate, int retryAfterSeconds, Duration timeoutHold, int downStatus) {
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
        this.errorRates = errorRates;
        this.timeoutRate = timeoutRate;
        this.resetRate = resetRate;
        this.malformedRate = malformedRate;
        this.retryAfterSeconds = retryAfterSeconds;
        this.timeoutHold = timeoutHold;
        this.downStatus = downStatus;
        double total = timeoutRate + resetRate + malformedRate
                + errorRates.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault rates add up to " + total + ", more than 1");
        }
    }

    /** No latency, no faults: every valid request is answered at once. */
    public static Faults none() {
        return NONE;
    }

    /** Every call fails with {@code status} (e.g. 503), in the provider's error shape. */
    public static Faults down(int status) {
        return NONE.withDown(status);
    }

    /** Uniformly distributed latency between {@code minMs} and {@code maxMs} inclusive. */
    public Faults withLatency(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("latency range must be 0 <= min <= max, got " + minMs + ".." + maxMs);
        }
        return new Faults(minMs, maxMs, errorRates, timeoutRate, resetRate, malformedRate, retryAfterSeconds, timeoutHold, downStatus);
    }

    /** Answers {@code rate} of the calls with HTTP {@code status} (400..599) in the provider's error shape. */
    public Faults withErrorRate(int status, double rate) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx, got " + status);
        }
        Map<Integer, Double> rates = new LinkedHashMap<>(errorRates);
        rates.put(status, checkRate(rate));
        return new Faults(minLatencyMs, maxLatencyMs, Collections.unmodifiableMap(rates), timeoutRate, resetRate,
                malformedRate, retryAfterSeconds, timeoutHold, downStatus);
    }

    /** Holds {@code rate} of the calls without answering (see {@link #withTimeoutHold}), then drops the connection. */
    public Faults withTimeoutRate(double rate) {
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, checkRate(rate), resetRate, malformedRate, retryAfterSeconds, timeoutHold, downStatus);
    }

    /** Drops the connection of {@code rate} of the calls without any HTTP response. */
    public Faults withResetRate(double rate) {
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, timeoutRate, checkRate(rate), malformedRate, retryAfterSeconds, timeoutHold, downStatus);
    }

    /** Answers {@code rate} of the calls with HTTP 200 and a truncated, unparseable JSON body. */
    public Faults withMalformedRate(double rate) {
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, timeoutRate, resetRate, checkRate(rate), retryAfterSeconds, timeoutHold, downStatus);
    }

    /** The wait announced by error answers ({@code retry-after} and the provider's reset headers). */
    public Faults withRetryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retry-after must be >= 0");
        }
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, timeoutRate, resetRate, malformedRate, seconds, timeoutHold, downStatus);
    }

    /** How long a timed-out request is held before its connection is dropped (default 60 s). */
    public Faults withTimeoutHold(Duration hold) {
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("timeout hold must not be negative");
        }
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, timeoutRate, resetRate, malformedRate, retryAfterSeconds, hold, downStatus);
    }

    /** Every call fails with {@code status}; keeps the latency and retry-after settings. */
    public Faults withDown(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("down status must be 4xx or 5xx, got " + status);
        }
        return new Faults(minLatencyMs, maxLatencyMs, errorRates, timeoutRate, resetRate, malformedRate, retryAfterSeconds, timeoutHold, status);
    }

    public long minLatencyMs() {
        return minLatencyMs;
    }

    public long maxLatencyMs() {
        return maxLatencyMs;
    }

    /** Error status to probability, in the order they were added. */
    public Map<Integer, Double> errorRates() {
        return errorRates;
    }

    public double timeoutRate() {
        return timeoutRate;
    }

    public double resetRate() {
        return resetRate;
    }

    public double malformedRate() {
        return malformedRate;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Duration timeoutHold() {
        return timeoutHold;
    }

    /** The status every call fails with, or 0 when the target is up. */
    public int downStatus() {
        return downStatus;
    }

    /** Draws the fate of one request. */
    Outcome decide(Random random) {
        long latency = minLatencyMs == maxLatencyMs ? minLatencyMs
                : minLatencyMs + (long) (random.nextDouble() * (maxLatencyMs - minLatencyMs + 1));
        if (downStatus != 0) {
            return new Outcome(Outcome.Kind.ERROR, downStatus, latency);
        }
        double draw = random.nextDouble();
        double edge = timeoutRate;
        if (draw < edge) {
            return new Outcome(Outcome.Kind.TIMEOUT, -1, timeoutHold.toMillis());
        }
        edge += resetRate;
        if (draw < edge) {
            return new Outcome(Outcome.Kind.RESET, -1, latency);
        }
        edge += malformedRate;
        if (draw < edge) {
            return new Outcome(Outcome.Kind.MALFORMED, 200, latency);
        }
        for (Map.Entry<Integer, Double> error : errorRates.entrySet()) {
            edge += error.getValue();
            if (draw < edge) {
                return new Outcome(Outcome.Kind.ERROR, error.getKey(), latency);
            }
        }
        return new Outcome(Outcome.Kind.ANSWER, 200, latency);
    }

    private static double checkRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be within [0, 1], got " + rate);
        }
        return rate;
    }

    @Override
    public String toString() {
        return "Faults{latency=" + minLatencyMs + ".." + maxLatencyMs + "ms, errors=" + errorRates
                + ", timeout=" + timeoutRate + " (hold " + timeoutHold + "), reset=" + resetRate
                + ", malformed=" + malformedRate + ", retryAfter=" + retryAfterSeconds + "s"
                + (downStatus != 0 ? ", down=" + downStatus : "") + "}";
    }
}
