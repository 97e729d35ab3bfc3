package io.inferline.router.topology;

import io.inferline.avro.CachedResponse;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.router.IdempotencyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Learns the answers of routed requests (responses re-keyed by account, so they reach the task that
 * routed them): duplicates of a finished request then get its response, and successful responses
 * of cacheable requests become response-cache entries. Also forgets entries older than the
 * idempotency window.
 */
final class ResponseRecorder implements Processor<String, InferenceResponse, String, RouterOutput> {

    private static final Duration EXPIRY_SCAN_INTERVAL = Duration.ofMinutes(10);

    private ProcessorContext<String, RouterOutput> context;
    private KeyValueStore<String, IdempotencyRecord> idempotency;

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        this.idempotency = context.getStateStore(StoreNames.IDEMPOTENCY);
        context.schedule(EXPIRY_SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::forgetExpired);
    }

    @Override
    public void process(Record<String, InferenceResponse> record) {
        InferenceResponse response = record.value();
        if (response == null || response.getStatus() == ResponseStatus.DUPLICATE) {
            return;
        }
        String key = IdempotencyKeys.requestId(response.getAccountId(), response.getRequestId());
        IdempotencyRecord known = idempotency.get(key);
        if (known == null || known.getResponse() != null || !known.getRequestId().equals(response.getRequestId())) {
            return;   // not routed here, or already answered
        }
        idempotency.put(key, IdempotencyRecord.newBuilder(known).setResponse(response).build());
        if (response.getStatus() == ResponseStatus.SUCCEEDED && !response.getCached() && known.getCacheKey() != null
                && response.getSlug() != null) {
            Instant stored = Instant.ofEpochMilli(context.currentSystemTimeMs());
            context.forward(new Record<>(known.getCacheKey(), new RouterOutput.Cached(CachedResponse.newBuilder()
                    .setCacheKey(known.getCacheKey()).setSlug(response.getSlug()).setResponse(response)
                    .setStoredAt(stored).setExpiresAt(stored.plusSeconds(known.getCacheTtlSeconds())).build()),
                    stored.toEpochMilli()));
        }
    }

    private void forgetExpired(long wallClockMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, IdempotencyRecord> it = idempotency.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getExpiresAt().toEpochMilli() <= wallClockMs) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(idempotency::delete);
    }
}
