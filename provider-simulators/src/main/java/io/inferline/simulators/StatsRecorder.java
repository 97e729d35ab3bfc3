package io.inferline.simulators;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters behind {@link ProviderStats}: recorded on hot paths, read rarely. */
final class StatsRecorder {

    private final LongAdder requests = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();

    void request() {
        requests.increment();
    }

    void status(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void model(String model) {
        byModel.computeIfAbsent(model, m -> new LongAdder()).increment();
    }

    void reset() {
        requests.reset();
        byStatus.clear();
        byModel.clear();
    }

    ProviderStats snapshot() {
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
        Map<String, Long> models = new TreeMap<>();
        byModel.forEach((model, count) -> models.put(model, count.sum()));
        return new ProviderStats(requests.sum(), statuses, models);
    }
}
