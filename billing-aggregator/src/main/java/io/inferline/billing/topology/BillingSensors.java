package io.inferline.billing.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The aggregator's own counters, registered in the Kafka Streams metrics (group
 * {@code stream-billing-metrics}, one {@code <name>-total} and {@code <name>-rate} per stream
 * thread), so JMX, the TopologyTestDriver and the /metrics endpoint all see them.
 */
public final class BillingSensors {

    public static final String GROUP = "stream-billing-metrics";
    /** Grants, reservations and charges applied to a balance. */
    public static final String FOLDED = "records-folded";
    public static final String DEAD_LETTERS = "dead-letters";
    /** Usage events and grants seen before (not applied again), and reservations the balance already had. */
    public static final String DUPLICATES = "duplicates";
    /** Usage left out of one window because it arrived after the window closed. */
    public static final String LATE_USAGE = "late-usage";
    /** Usage left out of every window (dated too far ahead, or figures too large to add). */
    public static final String SKIPPED_USAGE = "skipped-usage";

    private BillingSensors() {
    }

    static Sensor sensor(StreamsMetrics metrics, String name) {
        return metrics.addRateTotalSensor("billing", "aggregator", name, Sensor.RecordingLevel.INFO);
    }
}
