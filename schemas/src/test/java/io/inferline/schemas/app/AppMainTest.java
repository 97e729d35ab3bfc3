package io.inferline.schemas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppMainTest {

    @Test
    void anAppsVariablesOverrideItsFileAndOtherVariablesAreLeftOut() {
        Map<String, Object> merged = AppMain.withEnvironment("router", Map.of("router.default.model", "a", "bootstrap.servers", "b:9092"),
                Map.of("INFERLINE_ROUTER_DEFAULT_MODEL", "openai/gpt-4o-mini", "INFERLINE_BILLING_HTTP_PORT", "1", "PATH", "/bin"),
                name -> false);

        assertThat(merged).containsExactlyInAnyOrderEntriesOf(Map.of("router.default.model", "openai/gpt-4o-mini",
                "bootstrap.servers", "b:9092"));
    }

    @Test
    void skippedVariablesAreNotSettings() {
        Map<String, Object> merged = AppMain.withEnvironment("worker", Map.of(),
                Map.of("INFERLINE_WORKER_SECRETS_FILE", "secrets", "INFERLINE_WORKER_MAX_IN_FLIGHT", "8"),
                name -> name.equals("INFERLINE_WORKER_SECRETS_FILE"));

        assertThat(merged).containsExactlyEntriesOf(Map.of("worker.max.in.flight", "8"));
    }
}
