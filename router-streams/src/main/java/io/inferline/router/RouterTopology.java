package io.inferline.router;

import io.inferline.router.topology.RouterTopologyBuilder;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/** The router's topology: a pure function of its configuration (tested with TopologyTestDriver). */
public final class RouterTopology {
    private RouterTopology() {
    }

    /**
     * @param appConfig Kafka Streams settings and those of the Avro serdes ({@code schema.registry.url}, ...)
     */
    public static Topology buildTopology(RouterConfig config, Map<String, ?> appConfig) {
        return RouterTopologyBuilder.build(config, appConfig);
    }
}
