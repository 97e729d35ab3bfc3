package io.inferline.billing.usage;

import io.inferline.avro.ResponseStatus;
import io.inferline.avro.UnitKind;
import io.inferline.avro.UsageEvent;
import io.inferline.avro.UsageWindow;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds usage events into a window's figures. Pure; sums are exact. The latency percentiles are
 * recomputed from the sketch on every change, so a stored or published window is always whole.
 */
public final class UsageFold {

    private UsageFold() {
    }

    /** An empty window of {@code sizeMs} starting at {@code start} for the event's account and model. */
    public static UsageWindow empty(UsageEvent event, long sizeMs, long start) {
        return UsageWindow.newBuilder()
                .setAccountId(event.getAccountId()).setProvider(event.getProvider()).setModel(event.getModel())
                .setSlug(event.getSlug()).setWindowSizeMs(sizeMs)
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + sizeMs))
                .setErrors(new HashMap<>()).setLatencySketch(ByteBuffer.wrap(new byte[0]))
                .setLastEventAt(Instant.ofEpochMilli(start))
                .build();
    }

    /** The window with {@code event} counted. */
    public static UsageWindow add(UsageWindow window, UsageEvent event) {
        UsageWindow.Builder next = UsageWindow.newBuilder(window)
                .setRequests(window.getRequests() + 1)
                .setInputTokens(Math.addExact(window.getInputTokens(), event.getUsage().getInputTokens()))
                .setCachedInputTokens(Math.addExact(window.getCachedInputTokens(), event.getUsage().getCachedInputTokens()))
                .setOutputTokens(Math.addExact(window.getOutputTokens(), event.getUsage().getOutputTokens()))
                .setUnits(Math.addExact(window.getUnits(), event.getUsage().getUnits()))
                .setCostMicros(Math.addExact(window.getCostMicros(), event.getCostMicros()));
        if (event.getOccurredAt().isAfter(window.getLastEventAt())) {
            next.setLastEventAt(event.getOccurredAt());
        }
        UnitKind kind = event.getUsage().getUnitKind();
        if (kind != UnitKind.NONE && kind != UnitKind.UNKNOWN) {
            next.setUnitKind(kind);
        }
        if (event.getCached()) {
            next.setCacheHits(window.getCacheHits() + 1);
        }
        if (event.getStatus() == ResponseStatus.SUCCEEDED) {
            next.setSuccesses(window.getSuccesses() + 1);
        } else {
            Map<String, Long> errors = new HashMap<>(window.getErrors());
            String code = event.getErrorCode() == null || event.getErrorCode().isBlank()
                    ? event.getStatus().name() : event.getErrorCode();
            errors.merge(code, 1L, Long::sum);
            next.setErrors(errors);
        }
        if (event.getStatus() == ResponseStatus.SUCCEEDED && !event.getCached()) {
            LatencySketch sketch = LatencySketch.fromBytes(window.getLatencySketch());
            sketch.add(event.getLatencyMs());
            long count = window.getLatencyCount() + 1;
            long sum = Math.addExact(window.getLatencySumMs(), Math.max(0, event.getLatencyMs()));
            next.setLatencyCount(count).setLatencySumMs(sum).setLatencyMeanMs((double) sum / count)
                    .setLatencyP50Ms(sketch.quantile(0.50)).setLatencyP95Ms(sketch.quantile(0.95))
                    .setLatencyP99Ms(sketch.quantile(0.99))
                    .setLatencySketch(ByteBuffer.wrap(sketch.toBytes()));
        }
        return next.build();
    }
}
