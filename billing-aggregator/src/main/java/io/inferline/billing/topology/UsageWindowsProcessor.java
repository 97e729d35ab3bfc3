package io.inferline.billing.topology;

import io.inferline.avro.UsageEvent;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.usage.UsageFold;
import io.inferline.billing.usage.UsageKeys;
import io.inferline.schemas.topic.UsageWindowSize;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tumbling usage windows (1 minute, 1 hour, 1 day) per account × provider × model, by the usage
 * event's {@code occurred_at}. Written by hand rather than with the DSL's windowed aggregation
 * because the DSL would repartition by the new key: here the windows stay in the account's task,
 * beside its balance, so one instance answers every query about an account.
 *
 * <p>Grace works as in the DSL: the task's usage stream time is the newest {@code occurred_at} seen
 * (kept in a store, so it survives restarts), and an event whose window ended more than the grace
 * before it is left out of that window (counted as late) while longer windows may still take it.
 * Every changed window is forwarded at once, in the same transaction as its store update, so the
 * output topics can never miss a window's last value (the topics are compacted: readers keep the
 * newest value per window).
 */
final class UsageWindowsProcessor implements Processor<String, UsageEvent, String, UsageWindow> {

    private static final Logger LOG = LoggerFactory.getLogger(UsageWindowsProcessor.class);
    private static final String STREAM_TIME_KEY = "occurred-at";

    private final UsageSettings settings;
    private ProcessorContext<String, UsageWindow> context;
    private final Map<UsageWindowSize, WindowStore<String, UsageWindow>> windows = new EnumMap<>(UsageWindowSize.class);
    private KeyValueStore<String, Long> streamTime;
    private Sensor late;
    private Sensor skipped;

    /** The part of the configuration the usage windows need. */
    record UsageSettings(long graceMs, long maxFutureMs) {
    }

    UsageWindowsProcessor(UsageSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, UsageWindow> context) {
        this.context = context;
        for (UsageWindowSize size : UsageWindowSize.values()) {
            windows.put(size, context.getStateStore(StoreNames.usage(size)));
        }
        this.streamTime = context.getStateStore(StoreNames.USAGE_STREAM_TIME);
        this.late = BillingSensors.sensor(context.metrics(), BillingSensors.LATE_USAGE);
        this.skipped = BillingSensors.sensor(context.metrics(), BillingSensors.SKIPPED_USAGE);
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
        UsageEvent event = record.value();
        long at = event.getOccurredAt().toEpochMilli();
        if (at > context.currentSystemTimeMs() + settings.maxFutureMs()) {
            LOG.warn("usage event {} of account {} is dated {}, ahead of this clock by more than {} ms: charged, left out of the usage windows",
                    event.getRequestId(), event.getAccountId(), event.getOccurredAt(), settings.maxFutureMs());
            skipped.record();
            return;
        }
        Long seen = streamTime.get(STREAM_TIME_KEY);
        long now = seen == null ? at : Math.max(seen, at);
        if (seen == null || now != seen) {
            streamTime.put(STREAM_TIME_KEY, now);
        }
        String key = UsageKeys.storeKey(event.getAccountId(), event.getProvider(), event.getModel());
        for (UsageWindowSize size : UsageWindowSize.values()) {
            long length = size.size().toMillis();
            long start = Math.floorDiv(at, length) * length;
            if (start + length + settings.graceMs() <= now) {
                late.record();
                continue;
            }
            WindowStore<String, UsageWindow> store = windows.get(size);
            UsageWindow current = store.fetch(key, start);
            UsageWindow next;
            try {
                next = UsageFold.add(current != null ? current : UsageFold.empty(event, length, start), event);
            } catch (ArithmeticException e) {
                LOG.warn("usage event {} of account {} would overflow its {} window's figures: left out of it",
                        event.getRequestId(), event.getAccountId(), size.suffix());
                skipped.record();
                continue;
            }
            store.put(key, next, start);
            context.forward(record.withKey(UsageKeys.topicKey(event.getAccountId(), event.getSlug(), start)).withValue(next));
        }
    }
}
