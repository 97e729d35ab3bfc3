package io.inferline.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.schemas.topic.UsageWindowSize;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BillingConfigTest {

    @Test
    void defaultsNeedNoConfiguration() {
        BillingConfig config = new BillingConfig(Map.of());

        assertThat(config.topics().creditBalances().name()).isEqualTo("credit-balances");
        assertThat(config.accountPartitions()).isEqualTo(6);
        assertThat(config.dedupRetentionMs()).isEqualTo(30L * 24 * 3600 * 1000);
        assertThat(config.usageGraceMs()).isEqualTo(300_000);
        assertThat(config.usageRetentionMs(UsageWindowSize.ONE_MINUTE)).isEqualTo(2L * 24 * 3600 * 1000);
        assertThat(config.httpPort()).isEqualTo(8090);
    }

    @Test
    void anUnknownBillingKeyStopsStartUpNamingIt() {
        assertThatThrownBy(() -> new BillingConfig(Map.of("billing.dedup.retention", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("billing.dedup.retention")
                .hasMessageContaining("billing.dedup.retention.ms");
    }

    @Test
    void anInvalidValueStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> new BillingConfig(Map.of(BillingConfig.DEDUP_RETENTION_MS_CONFIG, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BillingConfig.DEDUP_RETENTION_MS_CONFIG);
        assertThatThrownBy(() -> new BillingConfig(Map.of(BillingConfig.TOPIC_PREFIX_CONFIG, "Tenant A")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BillingConfig.TOPIC_PREFIX_CONFIG);
        assertThatThrownBy(() -> new BillingConfig(Map.of(BillingConfig.GRANT_MAX_MICROS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BillingConfig.GRANT_MAX_MICROS_CONFIG);
    }

    @Test
    void aWindowStoreMustOutliveItsWindowAndTheGrace() {
        String minute = BillingConfig.usageRetentionConfig(UsageWindowSize.ONE_MINUTE);

        assertThatThrownBy(() -> new BillingConfig(Map.of(minute, "120000", BillingConfig.USAGE_GRACE_MS_CONFIG, "300000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(minute).hasMessageContaining("360000");
        assertThat(new BillingConfig(Map.of(minute, "360000")).usageRetentionMs(UsageWindowSize.ONE_MINUTE)).isEqualTo(360_000);
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        Map<String, Object> merged = BillingConfig.withEnvironment(Map.of("billing.http.port", "8000", "bootstrap.servers", "b:9092"),
                Map.of("INFERLINE_BILLING_HTTP_PORT", "9100", "INFERLINE_BILLING_USAGE_RETENTION_1M_MS", "86400000", "LANG", "C.UTF-8"));

        assertThat(merged).containsEntry("billing.http.port", "9100").containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("billing.usage.retention.1m.ms", "86400000").doesNotContainKey("lang");
        assertThat(new BillingConfig(merged).httpPort()).isEqualTo(9100);
    }
}
