package io.inferline.billing.query;

import io.inferline.avro.UnitKind;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.usage.LatencySketch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of any number of usage windows added up: counts and sums exactly, latency
 * percentiles from the merged sketches (so a day's p99 is the p99 of the day's requests, not an
 * average of hourly ones). Mutable; one per result row.
 */
public final class UsageTotals {

    private long requests;
    private long successes;
    private final Map<String, Long> errors = new TreeMap<>();
    private long cacheHits;
    private long inputTokens;
    private long cachedInputTokens;
    private long outputTokens;
    private final Map<String, Long> units = new TreeMap<>();
    private long costMicros;
    private long latencySumMs;
    private final LatencySketch latency = new LatencySketch();

    public UsageTotals add(UsageWindow window) {
        requests = Math.addExact(requests, window.getRequests());
        successes = Math.addExact(successes, window.getSuccesses());
        window.getErrors().forEach((code, count) -> errors.merge(code, count, Math::addExact));
        cacheHits = Math.addExact(cacheHits, window.getCacheHits());
        inputTokens = Math.addExact(inputTokens, window.getInputTokens());
        cachedInputTokens = Math.addExact(cachedInputTokens, window.getCachedInputTokens());
        outputTokens = Math.addExact(outputTokens, window.getOutputTokens());
        if (window.getUnits() != 0 && window.getUnitKind() != UnitKind.NONE) {
            units.merge(window.getUnitKind().name(), window.getUnits(), Math::addExact);
        }
        costMicros = Math.addExact(costMicros, window.getCostMicros());
        latencySumMs = Math.addExact(latencySumMs, window.getLatencySumMs());
        latency.merge(LatencySketch.fromBytes(window.getLatencySketch()));
        return this;
    }

    public UsageTotals add(UsageTotals other) {
        requests = Math.addExact(requests, other.requests);
        successes = Math.addExact(successes, other.successes);
        other.errors.forEach((code, count) -> errors.merge(code, count, Math::addExact));
        cacheHits = Math.addExact(cacheHits, other.cacheHits);
        inputTokens = Math.addExact(inputTokens, other.inputTokens);
        cachedInputTokens = Math.addExact(cachedInputTokens, other.cachedInputTokens);
        outputTokens = Math.addExact(outputTokens, other.outputTokens);
        other.units.forEach((kind, count) -> units.merge(kind, count, Math::addExact));
        costMicros = Math.addExact(costMicros, other.costMicros);
        latencySumMs = Math.addExact(latencySumMs, other.latencySumMs);
        latency.merge(other.latency);
        return this;
    }

    public long requests() {
        return requests;
    }

    public long costMicros() {
        return costMicros;
    }

    /** The JSON fields of these totals, in a fixed order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", requests);
        json.put("successes", successes);
        json.put("errors", errors);
        json.put("cache_hits", cacheHits);
        json.put("input_tokens", inputTokens);
        json.put("cached_input_tokens", cachedInputTokens);
        json.put("output_tokens", outputTokens);
        json.put("units", units);
        json.put("cost_micros", costMicros);
        Map<String, Object> latencyJson = new LinkedHashMap<>();
        long count = latency.count();
        latencyJson.put("count", count);
        latencyJson.put("mean_ms", count == 0 ? 0.0 : (double) latencySumMs / count);
        latencyJson.put("p50_ms", latency.quantile(0.50));
        latencyJson.put("p95_ms", latency.quantile(0.95));
        latencyJson.put("p99_ms", latency.quantile(0.99));
        json.put("latency", latencyJson);
        return json;
    }
}
