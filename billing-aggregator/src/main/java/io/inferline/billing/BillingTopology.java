package io.inferline.billing;

import io.inferline.billing.topology.BillingTopologyBuilder;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/** The billing aggregator's topology: a pure function of its configuration (tested with TopologyTestDriver). */
public final class BillingTopology {
    private BillingTopology() {
    }

    /**
     * @param appConfig Kafka Streams settings and those of the Avro serdes ({@code schema.registry.url}, ...)
     */
    public static Topology buildTopology(BillingConfig config, Map<String, ?> appConfig) {
        return BillingTopologyBuilder.build(config, appConfig);
    }
}
