package io.inferline.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void defaultsAndProviderSettings() {
        WorkerConfig config = new WorkerConfig(Map.of("worker.providers", "Anthropic, openai", "worker.instance.id", "w-1",
                "worker.provider.openai.requests.per.minute", "500", "worker.provider.openai.base.url", "http://localhost:1/openai"));

        assertThat(config.providers()).containsExactly("anthropic", "openai");
        assertThat(config.maxInFlight()).isEqualTo(64);
        assertThat(config.providerLimit("openai", "requests.per.minute")).hasValue(500L);
        assertThat(config.providerLimit("anthropic", "requests.per.minute")).isEmpty();
        assertThat(config.providerSetting("openai", "base.url")).hasValue("http://localhost:1/openai");
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> new WorkerConfig(Map.of("worker.providers", "nobody")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("worker.providers").hasMessageContaining("unknown provider");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("worker.max.in.flight", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("worker.max.in.flight");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("worker.retry.atempts", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown worker setting");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("worker.fallback.statuses", "404,abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not an HTTP status");
        assertThatThrownBy(() -> new WorkerConfig(Map.of("worker.provider.openai.requests.per.minute", "-1")).providerLimit("openai", "requests.per.minute"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("positive");
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        Map<String, Object> merged = WorkerConfig.withEnvironment(Map.of("worker.max.in.flight", "8"),
                Map.of("INFERLINE_WORKER_MAX_IN_FLIGHT", "16", "PATH", "/bin"));

        assertThat(new WorkerConfig(merged).maxInFlight()).isEqualTo(16);
    }

    @Test
    void theSecretsFileVariableIsForTheCredentialsNotAnUnknownSetting() {
        Map<String, Object> merged = WorkerConfig.withEnvironment(Map.of(),
                Map.of(io.inferline.workers.credentials.ProviderCredentials.SECRETS_FILE_ENV, "/run/secrets/providers"));

        assertThat(merged).isEmpty();
        assertThat(new WorkerConfig(merged).maxInFlight()).isEqualTo(64);
    }
}
