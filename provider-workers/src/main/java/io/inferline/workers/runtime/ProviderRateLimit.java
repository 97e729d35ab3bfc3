package io.inferline.workers.runtime;

import java.util.OptionalLong;

/**
 * A provider key's requests- and tokens-per-minute limits, shared by the whole fleet without talking
 * to it: each instance takes the share of the limit that matches the share of the provider's
 * partitions it owns (requests are spread evenly over partitions by request id), and spends it from
 * token buckets that refill continuously. Tokens are charged by estimate before a call and corrected
 * by the reported usage after it, so a burst of large requests borrows from the next seconds.
 */
final class ProviderRateLimit {

    private static final double MS_PER_MINUTE = 60_000.0;

    private final OptionalLong requestsPerMinute;
    private final OptionalLong tokensPerMinute;
    private double share = 1.0;
    private double requests;
    private double tokens;
    private long lastRefillMs = -1;

    ProviderRateLimit(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
    }

    /** This instance's part of the fleet's limit, from the partitions it owns. */
    void share(int ownedPartitions, int totalPartitions) {
        this.share = totalPartitions == 0 ? 1.0 : Math.max(0.0, Math.min(1.0, (double) ownedPartitions / totalPartitions));
    }

    /** Takes one request and {@code estimatedTokens} if the buckets allow it now. */
    boolean tryAcquire(long estimatedTokens, long nowMs) {
        refill(nowMs);
        if (requestsPerMinute.isPresent() && requests < 1.0) {
            return false;
        }
        if (tokensPerMinute.isPresent() && tokens <= 0) {
            return false;
        }
        requests -= 1.0;
        tokens -= estimatedTokens;
        return true;
    }

    /** Corrects the token bucket once the provider said what the call used. */
    void settle(long estimatedTokens, long actualTokens) {
        tokens += estimatedTokens - actualTokens;
    }

    private void refill(long nowMs) {
        if (lastRefillMs < 0) {
            requests = burst(requestsPerMinute);
            tokens = burst(tokensPerMinute);
        } else {
            long elapsed = Math.max(0, nowMs - lastRefillMs);
            requests = Math.min(burst(requestsPerMinute), requests + rate(requestsPerMinute) * elapsed);
            tokens = Math.min(burst(tokensPerMinute), tokens + rate(tokensPerMinute) * elapsed);
        }
        lastRefillMs = nowMs;
    }

    /** Per millisecond. */
    private double rate(OptionalLong perMinute) {
        return perMinute.isPresent() ? perMinute.getAsLong() * share / MS_PER_MINUTE : 0;
    }

    /** At most one second's worth of this instance's share may be spent at once (at least one request). */
    private double burst(OptionalLong perMinute) {
        return perMinute.isPresent() ? Math.max(1.0, perMinute.getAsLong() * share / 60.0) : Double.MAX_VALUE;
    }
}
