package io.inferline.router;

import io.inferline.router.topology.RouterTopologyBuilder;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/** The router's topology: a pure function of its configuration (tested with TopologyTestDriver). */
public final class RouterTopology {
    private RouterTopology() {
    }

    /**
     * @param serdeConfig settings of the Avro serdes ({@code schema.registry.url}, ...)
     */
    public static Topology buildTopology(RouterConfig config, Map<String, ?> serdeConfig) {
        return RouterTopologyBuilder.build(config, serdeConfig);
    }
}
