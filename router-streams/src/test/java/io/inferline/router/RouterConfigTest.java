package io.inferline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    @Test
    void defaultsNeedNoConfiguration() {
        RouterConfig config = new RouterConfig(Map.of());

        assertThat(config.defaultModel()).isEqualTo("workers-ai/@cf/meta/llama-3.1-8b-instruct");
        assertThat(config.topics().inferenceRequests().name()).isEqualTo("inference-requests");
        assertThat(config.accountPartitions()).isEqualTo(6);
    }

    @Test
    void anUnknownRouterKeyStopsStartUpNamingIt() {
        assertThatThrownBy(() -> new RouterConfig(Map.of("router.defualt.model", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.defualt.model")
                .hasMessageContaining("router.default.model");
    }

    @Test
    void anInvalidValueStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> new RouterConfig(Map.of(RouterConfig.ACCOUNT_PARTITIONS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.ACCOUNT_PARTITIONS_CONFIG);
        assertThatThrownBy(() -> new RouterConfig(Map.of(RouterConfig.TOPIC_PREFIX_CONFIG, "Tenant A")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.TOPIC_PREFIX_CONFIG);
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        Map<String, Object> merged = RouterConfig.withEnvironment(Map.of("router.default.model", "claude-opus",
                "bootstrap.servers", "b:9092"), Map.of("INFERLINE_ROUTER_DEFAULT_MODEL", "gpt-4o-mini", "PATH", "/bin"));

        assertThat(merged).containsEntry("router.default.model", "gpt-4o-mini").containsEntry("bootstrap.servers", "b:9092")
                .doesNotContainKey("path");
        assertThat(RouterApp.streamsConfig(merged)).containsEntry("processing.guarantee", "exactly_once_v2");
    }
}
