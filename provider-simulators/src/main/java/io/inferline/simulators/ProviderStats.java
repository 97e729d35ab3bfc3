package io.inferline.simulators;

import java.util.Map;

/**
 * A snapshot of what one provider was asked and answered since start or the last reset.
 *
 * @param requests every request that reached the provider's prefix
 * @param byStatus answers by HTTP status; -1 counts requests that got no answer (reset, timeout)
 * @param byModel  accepted requests (valid, known model) by model id
 */
public record ProviderStats(long requests, Map<Integer, Long> byStatus, Map<String, Long> byModel) {

    public ProviderStats {
        byStatus = Map.copyOf(byStatus);
        byModel = Map.copyOf(byModel);
    }

    /** The count for one status, 0 when none. */
    public long count(int status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
